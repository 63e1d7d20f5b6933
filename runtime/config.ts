/**
 * Runtime settings shared by every wrapper. They are module state read on the hot path, so they
 * are plain variables behind accessors rather than an options object looked up per call.
 */

/**
 * `bind`: resources end with the scope that started them (timers cleared, listeners removed).
 * `track`: resources are registered and reported, and nothing else changes.
 */
export type Mode = 'bind' | 'track';

export interface Config {
  /** @default 'bind' (or the `LEASH_MODE` environment variable) */
  mode?: Mode;
  /** Capture a creation stack per resource: ~20× a native timer call (`npm run bench`, "stacks on"). @default false (or `LEASH_STACKS=1`) */
  stacks?: boolean;
}

import { LeashError, describe } from './errors';

const env = typeof process === 'object' && process !== null ? process.env : {};

export let mode: Mode = env['LEASH_MODE'] === 'track' ? 'track' : 'bind';
export let stacks: boolean = env['LEASH_STACKS'] === '1' || env['LEASH_STACKS'] === 'true';

/**
 * Sets the runtime mode. Instrumented files call it once when they load, with the `mode` the
 * transformer was configured with; the `LEASH_MODE` environment variable, when set, wins.
 */
export function useMode(next: Mode): void {
  if (next !== 'bind' && next !== 'track') {
    throw new LeashError(`useMode: expected "bind" or "track", got ${describe(next)}.`);
  }
  if (env['LEASH_MODE'] === 'bind' || env['LEASH_MODE'] === 'track') return;
  mode = next;
}

/** Changes runtime settings. Applies to resources created afterwards. */
export function configure(options: Config): void {
  if (typeof options !== 'object' || options === null) {
    throw new LeashError(`configure: expected an options object like { mode: "track" }, got ${describe(options)}.`);
  }
  if (options.mode !== undefined) {
    if (options.mode !== 'bind' && options.mode !== 'track') {
      throw new LeashError(`configure: \`mode\` must be "bind" or "track", got ${describe(options.mode)}.`);
    }
    mode = options.mode;
  }
  if (options.stacks !== undefined) {
    if (typeof options.stacks !== 'boolean') {
      throw new LeashError(`configure: \`stacks\` must be a boolean, got ${describe(options.stacks)}.`);
    }
    stacks = options.stacks;
  }
}
