/**
 * Timer wrappers: `setTimeout`, `setInterval`, `setImmediate` and their clears, registered with
 * the ambient scope. They call the *current* globals, so fake timers keep working, and return the
 * native handle (a Node `Timeout` keeps `ref`, `unref`, `refresh`, `hasRef` and
 * `Symbol.toPrimitive`). A native clear on a wrapped timer also works: the entry is swept.
 *
 * In an ended scope (`bind` mode) a timer is created and cleared at once — the handle is real,
 * the callback never runs — so a callback that re-arms itself cannot outlive its scope.
 */
import * as config from './config';
import { timerIds, type Entry } from './entry';
import { currentScope, end, register } from './scope';

/** Property on a timer handle pointing at its entry, so a clear finds it in O(1). */
const ENTRY = Symbol('leash.timer');

type Callback = (...args: any[]) => void;
type TimeoutHandle = ReturnType<typeof globalThis.setTimeout>;
type ImmediateHandle = ReturnType<typeof globalThis.setImmediate>;

function attach(handle: any, entry: Entry): void {
  if (handle !== null && typeof handle === 'object') handle[ENTRY] = entry;
  else timerIds.set(handle, entry);
}

function entryOf(handle: any): Entry | undefined {
  if (handle !== null && typeof handle === 'object') return handle[ENTRY];
  return timerIds.get(handle);
}

export function setTimeout(site: string, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const handle = globalThis.setTimeout(callback, ms, ...args);
    globalThis.clearTimeout(handle);
    return handle;
  }
  if (typeof callback !== 'function') return globalThis.setTimeout(callback, ms, ...args);
  const entry = register(scope, 'timeout', site, undefined);
  const handle = globalThis.setTimeout(endsThen(entry, callback, args), ms, ...args);
  entry.handle = handle;
  attach(handle, entry);
  return handle;
}

/**
 * Wraps a timeout's or immediate's callback so that it ends the entry before it runs. Node
 * passes the handle as `this` and fake timers pass nothing, so the entry is captured, not looked
 * up; the no-argument case avoids a rest array per call.
 */
function endsThen(entry: Entry, callback: Callback, args: any[]): Callback {
  if (args.length === 0) {
    return function (this: unknown) {
      end(entry);
      callback.call(this);
    };
  }
  return function (this: unknown, ...callArgs: any[]) {
    end(entry);
    callback.apply(this, callArgs);
  };
}

export function setInterval(site: string, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  const scope = currentScope();
  const handle = globalThis.setInterval(callback, ms, ...args);
  if (scope.aborted && config.mode === 'bind') {
    globalThis.clearInterval(handle);
    return handle;
  }
  if (typeof callback === 'function') attach(handle, register(scope, 'interval', site, handle));
  return handle;
}

export function setImmediate(site: string, callback: Callback, ...args: any[]): ImmediateHandle {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const handle = globalThis.setImmediate(callback, ...args);
    globalThis.clearImmediate(handle);
    return handle;
  }
  if (typeof callback !== 'function') return globalThis.setImmediate(callback, ...args);
  const entry = register(scope, 'immediate', site, undefined);
  const handle = globalThis.setImmediate(endsThen(entry, callback, args), ...args);
  entry.handle = handle;
  attach(handle, entry);
  return handle;
}

export function clearTimeout(_site: string, handle: unknown): void {
  const entry = entryOf(handle);
  if (entry !== undefined) end(entry);
  globalThis.clearTimeout(handle as TimeoutHandle);
}

export function clearInterval(_site: string, handle: unknown): void {
  const entry = entryOf(handle);
  if (entry !== undefined) end(entry);
  globalThis.clearInterval(handle as TimeoutHandle);
}

export function clearImmediate(_site: string, handle: unknown): void {
  const entry = entryOf(handle);
  if (entry !== undefined) end(entry);
  globalThis.clearImmediate(handle as ImmediateHandle);
}
