// A node:test reporter (`--test-reporter=<this file>`): one JSON line per finished test,
// `{ name, outcome }`, the name being the file and the titles of its enclosing suites; with
// `--experimental-test-coverage`, one `{ coverage }` line: per file, what Node's coverage counted.
import { relative } from 'node:path';

export default async function* lines(source) {
  const open = new Map(); // file -> titles of the tests started at each nesting level
  for await (const { type, data } of source) {
    if (type === 'test:coverage') {
      yield `${JSON.stringify({ coverage: coverageOf(data.summary) })}\n`;
      continue;
    }
    if (type !== 'test:start' && type !== 'test:pass' && type !== 'test:fail') continue;
    const file = data.file ? relative(process.cwd(), data.file) : '?';
    const titles = open.get(file) ?? [];
    open.set(file, titles);
    if (type === 'test:start') {
      titles.length = data.nesting;
      titles.push(data.name);
      continue;
    }
    const name = [file, ...titles.slice(0, data.nesting), data.name].join(' > ');
    const outcome = data.skip !== undefined || data.todo !== undefined ? 'skip' : type === 'test:pass' ? 'pass' : 'fail';
    const detail = type === 'test:fail' ? String(data.details?.error?.cause?.message ?? data.details?.error?.message ?? '') : undefined;
    yield `${JSON.stringify({ name, outcome, detail })}\n`;
  }
}

/**
 * Per file (absolute path): the counts of lines, branches and functions, and which of each were
 * run how often — what the runner's coverage table and its thresholds are made of.
 */
function coverageOf(summary) {
  return Object.fromEntries(
    summary.files.map((file) => [
      file.path,
      {
        lines: `${file.coveredLineCount}/${file.totalLineCount}`,
        branches: `${file.coveredBranchCount}/${file.totalBranchCount}`,
        functions: `${file.coveredFunctionCount}/${file.totalFunctionCount}`,
        uncoveredLines: file.lines.filter((line) => line.count === 0).map((line) => line.line),
        // Sorted: the order follows which test process's report was merged first.
        functionHits: file.functions.map((fn) => `${fn.name || '(anonymous)'}:${fn.line} ${fn.count}`).sort(),
        branchHits: file.branches.map((branch) => `${branch.line} ${branch.count}`).sort(),
      },
    ]),
  );
}
