#!/usr/bin/env node
/**
 * leash/vitest's overhead on a whole suite (`npm run bench:vitest`): a generated project of
 * FILES test files with TESTS tests each (timers that fire, listeners added and removed, tasks
 * awaited: no leaks, so no retries), run with vitest plain and with `plugins: [leash()]`,
 * interleaved, RUNS times each. Prints the median wall times and their ratio.
 *
 *   node bench/vitest.mjs [--files 40] [--tests 10] [--runs 3] [--json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installLeash, runSuite } from '../test/vitest/real-suite.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args[args.indexOf(`--${name}`) + 1] ?? fallback) || fallback;
const files = option('files', 40);
const tests = option('tests', 10);
const runs = option('runs', 3);

const dir = mkdtempSync(join(tmpdir(), 'leash-bench-vitest-'));
try {
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], strict: true, skipLibCheck: true } }));
  writeFileSync(
    join(dir, 'src/worker.ts'),
    `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export async function work(ms: number): Promise<number> {
  const onTick = () => {};
  bus.on('tick', onTick);
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
  bus.off('tick', onTick);
  return ms;
}
`,
  );
  for (let f = 0; f < files; f++) {
    const body = Array.from({ length: tests }, (_, t) => `test('case ${t}', async () => {\n  expect(await work(${t % 3})).toBe(${t % 3});\n  const timer = setInterval(() => {}, 1000);\n  clearInterval(timer);\n});`).join('\n\n');
    writeFileSync(join(dir, `test/file${f}.test.ts`), `import { expect, test } from 'vitest';\nimport { work } from '../src/worker';\n\n${body}\n`);
  }
  installLeash(dir);
  writeFileSync(join(dir, 'vitest.plain.config.mjs'), 'export default { test: { include: ["test/**/*.test.ts"] } };\n');
  writeFileSync(join(dir, 'vitest.leash.config.mjs'), 'import leash from "leash/vitest";\nexport default { plugins: [leash()], test: { include: ["test/**/*.test.ts"] } };\n');
  const plain = [];
  const leash = [];
  for (let i = 0; i < runs; i++) {
    plain.push(runSuite(dir, 'plain'));
    leash.push(runSuite(dir, 'leash'));
  }
  const failed = [...plain, ...leash].flatMap((run) => [...run.tests.values()].filter((test) => test.status !== 'passed'));
  const median = (list) => list.map((run) => run.seconds).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const result = { files, tests: files * tests, runs, plainSeconds: median(plain), leashSeconds: median(leash), ratio: median(leash) / median(plain), failed: failed.length };
  if (args.includes('--json')) console.log(JSON.stringify(result));
  else console.log(`vitest suite, ${files} files x ${tests} tests: plain ${result.plainSeconds.toFixed(2)} s, leash/vitest ${result.leashSeconds.toFixed(2)} s, ${result.ratio.toFixed(2)}x (median of ${runs}, interleaved)${failed.length ? `; ${failed.length} test runs did not pass` : ''}`);
  if (failed.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
