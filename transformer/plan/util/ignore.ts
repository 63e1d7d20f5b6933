/**
 * Opt-out comments. `// leash-ignore-file` anywhere in a file leaves the whole file alone.
 * `// leash-ignore` alone on its line leaves the next line alone; next to code on the same line
 * (`f(); // leash-ignore`, `/* leash-ignore *\/ f();`) it leaves that line alone. Only real comments count: the text inside a string does not.
 */
import type * as TS from 'typescript';

export interface Ignores {
  readonly file: boolean;
  /** 0-based lines whose rewrites are skipped. */
  readonly lines: ReadonlySet<number>;
}

const NONE: Ignores = { file: false, lines: new Set() };
const COMMENT = /\/[/*]\s*leash-ignore(-file)?(?![\w-])/g;

export function findIgnores(ts: typeof TS, file: TS.SourceFile): Ignores {
  const text = file.text;
  if (!text.includes('leash-ignore')) return NONE;
  const lines = new Set<number>();
  for (const match of text.matchAll(COMMENT)) {
    const at = match.index;
    if (!isInComment(ts, file, at)) continue;
    if (match[1] !== undefined) return { file: true, lines };
    const { line } = file.getLineAndCharacterOfPosition(at);
    const lineStart = file.getPositionOfLineAndCharacter(line, 0);
    const lineEnd = file.getLineEndOfPosition(at);
    const commentEnd = text.startsWith('/*', at) ? Math.min(text.indexOf('*/', at) + 2, lineEnd) : lineEnd;
    const aloneOnLine = text.slice(lineStart, at).trim() === '' && text.slice(commentEnd, lineEnd).trim() === '';
    lines.add(aloneOnLine ? line + 1 : line);
  }
  return { file: false, lines };
}

/**
 * Whether `position` lies in trivia (whitespace or comments) rather than inside a token. Descends
 * into the child that holds it; a position before a child's first token is trivia, and a position
 * no child holds sits between punctuation tokens, which is trivia too.
 */
function isInComment(ts: typeof TS, file: TS.SourceFile, position: number): boolean {
  let node: TS.Node = file;
  for (;;) {
    let next: TS.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (next === undefined) return !isTokenWithText(ts, node) || position < node.getStart(file);
    if (position < next.getStart(file)) return true;
    node = next;
  }
}

function isTokenWithText(ts: typeof TS, node: TS.Node): boolean {
  return ts.isLiteralExpression(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node) || ts.isIdentifier(node);
}
