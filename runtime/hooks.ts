/**
 * leash/hooks: the small, stable set of functions that code instrumented by the leash transformer
 * calls. Every function takes a static site id first: `"<path from project root>:<line>:<col>"`,
 * optionally followed by a space and the enclosing function's name (`"src/server.ts:42:7 handle"`).
 *
 * Each wrapper keeps native semantics: it calls the *current* global (so fake timers keep
 * working), returns what the native call returns, and keeps `this`, options and errors as they are.
 * What it adds is a registry entry owned by the ambient scope, which ends when the resource ends
 * and, in `bind` mode, when the scope ends.
 *
 * (Contract first: the implementation lands in runtime/ in the same change.)
 */
export {
  setTimeout,
  setInterval,
  setImmediate,
  clearTimeout,
  clearInterval,
  clearImmediate,
} from './timers';
export { addEventListener, removeEventListener, addListener, removeListener } from './listeners';
export { spawn } from './tasks';
export { signal, withSignal, resumed } from './signals';
export { useMode, configure } from './config';
export type { Mode } from './config';
