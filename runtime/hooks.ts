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
 * The exports are plain constants rather than `export … from`: compiled to CommonJS, a re-export
 * becomes a getter that every instrumented call would run.
 */
import * as caller from './caller';
import * as config from './config';
import * as context from './context';
import * as listeners from './listeners';
import * as signals from './signals';
import * as tasks from './tasks';
import * as timers from './timers';

export const setTimeout = timers.setTimeout;
export const setInterval = timers.setInterval;
export const setImmediate = timers.setImmediate;
export const clearTimeout = timers.clearTimeout;
export const clearInterval = timers.clearInterval;
export const clearImmediate = timers.clearImmediate;
/** `window.setTimeout(...)` and the like: the object the call was written on comes after the site, and its own function is called on it. */
export const setTimeoutOn = timers.setTimeoutOn;
export const setIntervalOn = timers.setIntervalOn;
export const setImmediateOn = timers.setImmediateOn;
export const clearTimeoutOn = timers.clearTimeoutOn;
export const clearIntervalOn = timers.clearIntervalOn;
export const clearImmediateOn = timers.clearImmediateOn;
export const addEventListener = listeners.addEventListener;
export const removeEventListener = listeners.removeEventListener;
export const addListener = listeners.addListener;
export const removeListener = listeners.removeListener;
export const spawn = tasks.spawn;
/** `task(site, call)`: `spawn` without the thunk, written by `track` builds (nothing is refused there). */
export const task = tasks.task;
/** `spawn` and `task` for a call whose callee may hold the promise too: its rejection is left to the holder. */
export const spawnShared = tasks.spawnShared;
export const taskShared = tasks.taskShared;
export const observeAll = tasks.observeAll;
export const signal = signals.injectedSignal;
export const withSignal = signals.withSignal;
export const signalArgs = signals.signalArgs;
export const signalProperty = signals.signalProperty;
export const resumed = signals.resumed;
/** `at(site, argument)`: the site of a call into leash's own API (`mapLimit`, `withTimeout`, `TaskGroup.go`, `sleep`, ...), passed with one of its arguments. */
export const at = caller.at;
/**
 * `detach(fn)` for held calls; below ES2015 the transformer passes the caller's `this` (and
 * `arguments`) with a function expression, as it does for `spawn`, instead of an arrow.
 */
export const detach = <T>(fn: () => T, self?: unknown, args?: ArrayLike<unknown>): T =>
  self === undefined && args === undefined ? context.detach(fn) : context.detach(() => Reflect.apply(fn, self, args ?? []) as T);
export const useMode = config.useMode;
export const configure = config.configure;
export type { Mode } from './config';
export type { AddMethod, RemoveMethod, ListenerOptions } from './listeners';
