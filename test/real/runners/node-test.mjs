// node:test (`node --test`), through the custom reporter beside this file, which writes one JSON
// line per test to a file: the runner's own output formats differ between Node 20 and 24.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const reporter = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), 'node-test-reporter.mjs')).href;

export function command({ resultFile, project }) {
  return ['--test', '--test-concurrency=1', `--test-reporter=${reporter}`, `--test-reporter-destination=${resultFile}`, ...(project.test.args ?? []), ...project.test.files];
}

export function parse({ resultFile }) {
  return readFileSync(resultFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}
