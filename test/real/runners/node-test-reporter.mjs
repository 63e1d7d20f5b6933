// A node:test reporter (`--test-reporter=<this file>`): one JSON line per finished test,
// `{ name, outcome }`, the name being the file and the titles of its enclosing suites.
import { relative } from 'node:path';

export default async function* lines(source) {
  const open = new Map(); // file -> titles of the tests started at each nesting level
  for await (const { type, data } of source) {
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
