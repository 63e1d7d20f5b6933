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

export const leashFactory: UnpluginFactory<LeashPluginOptions | undefined, false> = (options, meta): UnpluginOptions => {
  const host = `leash/${meta.framework}`;
  // Options are checked now, so a typo fails the config load; Vite's root (webpack's context)
  // replaces the cwd once known.
  let session = createHostSession(host, options, process.cwd());
  const rootIs = (root: string | undefined): void => {
    if (root !== undefined && root !== session.root) session = createHostSession(host, options, root);
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
        // A module unchanged since an earlier build (with its imports) needs no checker: answered from the cache.
        const cached = session.cached(code, id, warn);
        if (cached !== undefined) return cached.output ?? null;
        // Nor one with nothing any rule acts on (no call, `new` or `await`): `transform` opens the checker only when one is needed.
        return session.transform(code, id, warn) ?? null;
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
  };
};
