/**
 * Code that a leash codemod inserts starts with this comment, so `grep -rn leash-codemod` lists
 * every place a codemod touched.
 */
export const MARKER = ' leash-codemod ';
export const MARKER_TEXT = `/*${MARKER}*/`;

// recast prints a leading comment of an expression on its own line; pull the code back up to it.
const markerThenNewline = /\/\* leash-codemod \*\/[ \t]*\r?\n[ \t]*/g;

export function normalizeMarkers(printed: string): string {
  return printed.replace(markerThenNewline, `${MARKER_TEXT} `);
}
