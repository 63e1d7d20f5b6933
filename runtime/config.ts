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

import { enterCopy, instrumentedElsewhere } from './copies';
import { checkKeys, describe, LeashError } from './errors';
import { loadedFileLookedAt } from './looked';

const env = typeof process === 'object' && process !== null ? process.env : {};

/** `LEASH_MODE` when it names a mode; a value that names none is reported once and ignored. */
const envMode = readEnvMode(env['LEASH_MODE']);

export let mode: Mode = envMode ?? 'bind';
export let stacks: boolean = env['LEASH_STACKS'] === '1' || env['LEASH_STACKS'] === 'true';

/**
 * How many instrumented modules have loaded in this process: each calls `useMode` once. Zero
 * means nothing here was built with leash, so an empty report means "never looked", not "no leaks".
 */
export let instrumentedModules = 0;
enterCopy(() => instrumentedModules);

/**
 * How many modules loaded in this process that leash planned and found nothing to rewrite in
 * (told by `leash/node`, and by leash/vitest's mark in each such module): leash looked at them,
 * and none of them starts a timer, listener or task leash tracks.
 */
export let plannedModules = 0;

/** Called for each module loaded that a host planned and left as it was. */
export function notePlanned(): void {
  plannedModules++;
}

/**
 * Nothing in this process was looked at by leash: no instrumented module ran, no host here
 * planned a module and found nothing to change, and no file loaded is one a build recorded as
 * looked at and left as it was (`looked.ts`). An empty report then means "never looked".
 */
export function neverLooked(): boolean {
  return instrumentedModules === 0 && plannedModules === 0 && !loadedFileLookedAt();
}

/**
 * What reports and `verifyNone` say while `neverLooked()`; when instrumented code ran through
 * another copy of the runtime (a bundle's own), that is what it says (copies.ts).
 */
export function notInstrumented(): string {
  const elsewhere = instrumentedElsewhere();
  if (elsewhere !== undefined) return `leash: no instrumented code has run through this copy of leash's runtime, so nothing here is tracked: ${elsewhere}`;
  return (
    'leash: no instrumented code has run in this process, so nothing here is tracked: an empty report means "never looked", not "no leaks". ' +
    'Build with leash (TypeScript 7: `leash build`; TypeScript 6/5.9: the ts-patch plugin; Vite, vitest, Rollup, Rolldown, esbuild, webpack: `leash/vite` and its siblings; .ts files run by Node or tsx: `node --import leash/node`); ' +
    '`npx leash doctor` shows which of your pipelines instrument.'
  );
}

function readEnvMode(value: string | undefined): Mode | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'bind' || value === 'track') return value;
  const warning = `[leash] LEASH_MODE=${JSON.stringify(value)} is not a mode: expected "bind" or "track" (lower case). It is ignored, so instrumented code runs in the mode it was built with.`;
  if (typeof process === 'object' && typeof process.emitWarning === 'function') process.emitWarning(warning, { code: 'LEASH_MODE' });
  else console.warn(warning);
  return undefined;
}

/**
 * Sets the runtime mode. Instrumented files call it once when they load, with the `mode` the
 * transformer was configured with; the `LEASH_MODE` environment variable, when set, wins.
 */
export function useMode(next: Mode): void {
  if (next !== 'bind' && next !== 'track') {
    throw new LeashError(`useMode: expected "bind" or "track", got ${describe(next)}.`);
  }
  instrumentedModules++;
  if (next === 'track') trackBuilt = true;
  if (envMode === undefined) mode = next;
  warnIfBindOverTrack();
}

/** A module built in `track` mode has loaded (`useMode('track')`). */
let trackBuilt = false;
let warnedBindOverTrack = false;

/**
 * Once per process: `bind` at run time over code built in `track` mode. A track build writes a
 * detached call as `task(site, call)`, with no thunk, so bind mode can end that code's timers and
 * listeners with their scope but cannot refuse a call it starts in a scope that has ended.
 */
function warnIfBindOverTrack(): void {
  if (!trackBuilt || mode !== 'bind' || warnedBindOverTrack) return;
  warnedBindOverTrack = true;
  const why = envMode === 'bind' ? 'LEASH_MODE=bind' : 'bind mode (configure({ mode }), or a module built in bind mode)';
  const warning =
    `[leash] ${why} runs code built in track mode: timers and listeners end with their scope, but a detached call it starts in a scope that has ended still starts (a track build writes no thunk to refuse it). ` +
    'Build with mode "bind" (the default) to run in bind mode, or run a track build in track mode.';
  if (typeof process === 'object' && typeof process.emitWarning === 'function') process.emitWarning(warning, { code: 'LEASH_MODE_BUILD' });
  else console.warn(warning);
}

/** Changes runtime settings. Applies to resources created afterwards. */
export function configure(options: Config): void {
  if (typeof options !== 'object' || options === null) {
    throw new LeashError(`configure: expected an options object like { mode: "track" }, got ${describe(options)}.`);
  }
  checkKeys('configure', options, ['mode', 'stacks']);
  if (options.mode !== undefined) {
    if (options.mode !== 'bind' && options.mode !== 'track') {
      throw new LeashError(`configure: \`mode\` must be "bind" or "track", got ${describe(options.mode)}.`);
    }
    mode = options.mode;
    warnIfBindOverTrack();
  }
  if (options.stacks !== undefined) {
    if (typeof options.stacks !== 'boolean') {
      throw new LeashError(`configure: \`stacks\` must be a boolean, got ${describe(options.stacks)}.`);
    }
    stacks = options.stacks;
  }
}
