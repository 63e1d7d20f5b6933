/**
 * Code that a leash codemod inserts starts with this comment, so `grep -rn leash-codemod` lists
 * every place a codemod touched.
 */
export const MARKER_TEXT = '/* leash-codemod */';
