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
import { createUnplugin } from 'unplugin';
import { hostFactory } from '../transformer/hosts/plugin.js';
import { createInstrumenter, type Instrumenter } from './instrument.js';
import { resolveOptions, type LeashVitestOptions } from './options.js';
import { LOOKED_MARK, PROVIDE_KEY } from './worker-options.js';

export type { LeashVitestOptions } from './options.js';

declare module 'vitest' {
  interface TaskMeta {
    /** `test('x', { meta: { leash: false } }, fn)`: no leak check for this test. */
    leash?: boolean;
  }
}

/** leash/vite's plugin, marking the modules it looked at and left as they were (`HostExtras`). */
const hostPlugin = createUnplugin(hostFactory({ lookedMark: LOOKED_MARK }));

/** leash's own built files: the runtime must load once, natively, for every module that calls it. */
const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = dirname(HERE);

export default function leash(options: LeashVitestOptions = {}): Plugin[] {
  const resolved = resolveOptions(options);
  const mode = resolved.worker.bind ? 'bind' : 'track';
  let root = process.cwd();
  let packages: Instrumenter | undefined;
  const plugins: Plugin[] = [
    // The code under test and the tests: the shared bundler plugin (leash/vite).
    // Ownership moves what module code or a long-lived holder starts to the root scope, so one
    // request cannot end what others share. A per-test check wants the opposite, what each test
    // (or beforeAll) left alive wherever it was stored: off in track mode unless asked. With
    // `bind`, where each test's leftovers are ended, on: a module singleton's listener that a
    // test's subscription started serves the tests after it (TanStack Query's focusManager).
    // Each module it plans and leaves as it was gets LOOKED_MARK, so a worker that ran only such
    // modules does not take "nothing tracked" for "never looked".
    hostPlugin.vite({ ownership: mode === 'bind', ...resolved.transform, mode }) as Plugin,
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
    },
  ];
  if (resolved.packages.length > 0) {
    // Packages asked for in `packages`: their JavaScript, which the project's tsconfig does not cover.
    plugins.push({
      name: 'leash:vitest-packages',
      enforce: 'pre',
      transform(code, id) {
        if (!id.includes('/node_modules/')) return undefined;
        packages ??= createInstrumenter({ root, mode, packages: resolved.packages });
        if (!packages.wants(id)) return undefined;
        return packages.transform(code, id.split('?')[0]!) as { code: string; map: null } | undefined;
      },
    });
  }
  return plugins;
}

function escape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
