/**
 * thread-signal cannot see into an import it has no types for, and says which kind it met: an
 * import that does not resolve wants the dependencies installed, but one that resolves to
 * JavaScript without declarations (MQTT.js imports `debug`, `minimist`, `rfdc/default`, all
 * installed, none typed) wants its types. Telling that user to install what is installed is wrong.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadSignalProject } from '../../codemods/transforms/thread-signal';

let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-untyped-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('node_modules/plainjs/package.json', JSON.stringify({ name: 'plainjs', version: '1.0.0', main: 'index.js' }));
  write('node_modules/plainjs/index.js', 'module.exports = (url) => fetch(url);\n');
  write('node_modules/plainjs/default.js', 'module.exports = 1;\n');
  write('node_modules/@acme/net/package.json', JSON.stringify({ name: '@acme/net', version: '1.0.0', main: 'index.js' }));
  write('node_modules/@acme/net/index.js', 'exports.get = (url) => fetch(url);\n');
  write('node_modules/typed/package.json', JSON.stringify({ name: 'typed', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }));
  write('node_modules/typed/index.js', 'exports.get = (url) => fetch(url);\n');
  write('node_modules/typed/index.d.ts', 'export declare function get(url: string): Promise<Response>;\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node10', target: 'es2022', strict: true, esModuleInterop: true } }));
  write('src/legacy.js', 'exports.old = (url) => fetch(url);\n');
  write(
    'src/app.ts',
    [
      "import plain from 'plainjs';",
      "import one from 'plainjs/default';",
      "import { get } from '@acme/net';",
      "import { get as typedGet } from 'typed';",
      "import { old } from './legacy.js';",
      "import { gone } from 'not-installed';",
      'export async function load(url: string) {',
      '  return [plain(url), one, get(url), typedGet(url), old(url), gone(url)];',
      '}',
      '',
    ].join('\n'),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('thread-signal: imports it has no types for', () => {
  // A JavaScript file of the project itself is no such import: thread-signal reads .js files
  // too (allowJs), so './legacy.js' is typed by inference and not reported.
  it('tells an installed package without types from one that is missing, and says what gives each types', () => {
    const file = path.join(dir, 'src/app.ts');
    const { outcomes } = threadSignalProject([{ path: file, source: fs.readFileSync(file, 'utf8') }]);
    const skips = outcomes.get(file)!.skips.map((s) => `${s.line} ${s.id}: ${s.message.slice(s.message.lastIndexOf(" ('") + 2, -1)}`);
    expect(skips).toEqual([
      "1 untyped-import: 'plainjs': npm i -D @types/plainjs, if it exists",
      "2 untyped-import: 'plainjs/default': npm i -D @types/plainjs, if it exists",
      "3 untyped-import: '@acme/net': npm i -D @types/acme__net, if it exists",
      "6 unresolved-import: 'not-installed'",
    ]);
    expect(outcomes.get(file)!.skips.find((s) => s.id === 'untyped-import')!.message).toContain('resolves to JavaScript with no type declarations');
  });
});
