/**
 * leash/vitest: goleak for vitest. In vitest.config.ts:
 *
 *   import leash from 'leash/vitest';
 *   export default defineConfig({ plugins: [leash()] });
 *
 * The plugin instruments the code under test and the tests through Vite's pipeline and registers
 * its setup file, which runs each test in its own leash scope and fails the test that left
 * timers, listeners or tasks alive, naming the line that started each.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { createInstrumenter, type Instrumenter } from './instrument.js';
import { resolveOptions, type LeashVitestOptions } from './options.js';
import { PROVIDE_KEY } from './worker-options.js';

export type { LeashVitestOptions } from './options.js';

declare module 'vitest' {
  interface TaskMeta {
    /** `test('x', { meta: { leash: false } }, fn)`: no leak check for this test. */
    leash?: boolean;
  }
}

/** leash's own built files: the runtime must load once, natively, for every module that calls it. */
const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = dirname(HERE);

export default function leash(options: LeashVitestOptions = {}): Plugin[] {
  const resolved = resolveOptions(options);
  let root = process.cwd();
  let instrumenter: Instrumenter | undefined;
  return [
    {
      name: 'leash:vitest',
      config(user) {
        root = resolve(user.root ?? process.cwd());
        return {
          test: {
            setupFiles: [join(HERE, 'setup.mjs')],
            provide: { [PROVIDE_KEY]: { ...resolved.worker, root } },
            server: { deps: { external: [new RegExp(`^${escape(DIST)}/`)], inline: [...resolved.packages] } },
          },
        } as Record<string, unknown>;
      },
      configResolved(config) {
        root = config.root;
      },
    },
    {
      name: 'leash:instrument',
      enforce: 'pre',
      transform(code, id) {
        instrumenter ??= createInstrumenter({ root, mode: resolved.worker.bind ? 'bind' : 'track', packages: resolved.packages });
        if (!instrumenter.wants(id) || id.startsWith(DIST)) return undefined;
        return instrumenter.transform(code, id.split('?')[0]!) as { code: string; map: null } | undefined;
      },
    },
  ];
}

function escape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
