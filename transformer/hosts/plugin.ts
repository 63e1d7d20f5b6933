/**
 * The bundler plugin as one unplugin factory: every bundler subpath (`leash/vite`, `leash/rollup`,
 * `leash/rolldown`, `leash/esbuild`, `leash/webpack`) is this factory through unplugin's adapter
 * for that bundler (unplugin.mts), so each answers the same way. It runs before the bundler strips
 * types (`enforce: 'pre'`; in Rollup, list it before the plugin that compiles TypeScript), on
 * `.ts`/`.tsx`/`.mts`/`.cts` files outside node_modules, and returns `{ code, map }` with the map
 * leading back to the file the bundler gave. The work is in the session (session.ts): one checker
 * per build, reused across modules, opened only when a module is not in the cache and may have
 * something to rewrite (session.ts).
 */
import type { UnpluginFactory, UnpluginOptions } from 'unplugin' with { 'resolution-mode': 'import' };
import { createHostSession, printStats, type LeashPluginOptions } from './session';

export type { LeashPluginOptions } from './session';

/** Module ids the plugin looks at: TypeScript sources (a query such as `?v=1` may follow). */
export const TYPESCRIPT_ID = /\.[cm]?tsx?(?:$|\?)/;
/** Ids it never touches: installed packages and virtual modules (`\0` prefix, by Rollup's convention). */
export const EXCLUDED_IDS = [/[\\/]node_modules[\\/]/, /^\0/];

/** What a host built on this plugin adds to it (`leash/vitest`). */
export interface HostExtras {
  /**
   * A statement appended to each module leash planned and found nothing to rewrite in (no
   * warning, a TypeScript to plan with), for a runtime in another process than the plugin's:
   * it tells that runtime leash looked (`notePlanned`), so an empty report there means no leaks,
   * not "never looked". Appended after the last line, so the module's own map still holds.
   */
  readonly lookedMark?: string;
}

export const leashFactory: UnpluginFactory<LeashPluginOptions | undefined, false> = (options, meta) => hostFactory({})(options, meta);

/** The plugin, with what a host built on it adds (`HostExtras`). */
export function hostFactory(extras: HostExtras): UnpluginFactory<LeashPluginOptions | undefined, false> {
  return (options, meta) => createPlugin(options, meta.framework, extras);
}

function createPlugin(options: LeashPluginOptions | undefined, framework: string, { lookedMark }: HostExtras): UnpluginOptions {
  const host = `leash/${framework}`;
  // Options are checked now, so a typo fails the config load; Vite's root (webpack's context)
  // replaces the cwd once known.
  // A bundler's and vitest's modules are read through their source maps (stack traces, coverage).
  const traits = { mapped: true };
  let session = createHostSession(host, options, process.cwd(), traits);
  const rootIs = (root: string | undefined): void => {
    if (root !== undefined && root !== session.root) session = createHostSession(host, options, root, traits);
  };
  return {
    name: 'leash',
    enforce: 'pre',
    buildStart() {
      session.startBuild();
    },
    transform: {
      filter: { id: { include: [TYPESCRIPT_ID], exclude: EXCLUDED_IDS } },
      handler(code, id) {
        const warn = (message: string): void => this.warn(message);
        // A module unchanged since an earlier build (with its imports) is answered from the cache, one
        // with nothing any rule acts on (no call, `new` or `await`) without opening the checker.
        const { output, looked } = session.answer(code, id, warn);
        if (output !== undefined) return output;
        // `map: null`: the code before the mark did not move, so the maps before this plugin's still hold.
        return lookedMark !== undefined && looked ? { code: `${code}\n${lookedMark}\n`, map: null } : null;
      },
    },
    buildEnd() {
      session.dispose(); // first: its cache write counts in the stats
      printStats(session);
    },
    watchChange(id) {
      session.changed(id);
    },
    vite: {
      configResolved(config) {
        rootIs(config.root);
      },
    },
    webpack(compiler) {
      rootIs(compiler.options.context);
    },
    esbuild: {
      config: keepRuntimeExternal,
    },
  };
}

/**
 * An esbuild bundle in ESM format imports leash's runtime instead of holding it. The runtime is
 * CommonJS that requires Node's own modules (`node:async_hooks`, `node:fs`, ...); bundled into
 * ESM, each of those requires becomes esbuild's shim, which throws "Dynamic require of ... is not
 * supported" as the program starts. Left external, it loads from node_modules (leash is a
 * dependency of the built program), as the one copy the output's `leash/hooks` and the program's
 * own `leash` imports share.
 */
function keepRuntimeExternal(options: { bundle?: boolean; format?: string; packages?: string; external?: string[] }): void {
  if (options.bundle !== true || options.format !== 'esm' || options.packages === 'external') return;
  options.external = [...(options.external ?? []), 'leash', 'leash/*'];
}
