/**
 * The small glob dialect of `include`/`exclude`, matched against paths from the project root with
 * `/` separators: `**` any number of folders, `*` anything but `/`, `?` one character but `/`,
 * `{a,b}` either. A pattern without `/` matches the file name in any folder (`*.test.ts`).
 */

export function globToRegExp(pattern: string): RegExp {
  const source = pattern.includes('/') ? pattern.replace(/^\.\//, '') : `**/${pattern}`;
  let out = '';
  let braces = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source.charAt(i);
    if (char === '*' && source.charAt(i + 1) === '*') {
      const slash = source.charAt(i + 2) === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      braces++;
      out += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (char === ',' && braces > 0) out += '|';
    else out += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  if (braces > 0) throw new SyntaxError(`unclosed "{" in ${JSON.stringify(pattern)}`);
  return new RegExp(`^${out}$`);
}

/** `include` (empty: everything) minus `exclude`. */
export function createFileFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.map(globToRegExp);
  const excluded = exclude.map(globToRegExp);
  return (path) => (included.length === 0 || included.some((re) => re.test(path))) && !excluded.some((re) => re.test(path));
}
