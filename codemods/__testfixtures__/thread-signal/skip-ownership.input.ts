// skips: outlives-caller, deferred-callback, deferred-callback, outlives-caller, detached
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';

let cached: Promise<Response> | undefined;

export class Client {
  private pending: Promise<Response> | undefined;

  async refresh(url: string, signal: AbortSignal) {
    // Stored on the instance: it outlives this call.
    this.pending = fetch(url);
    return this.pending;
  }

  watch(events: EventEmitter, url: string, signal: AbortSignal) {
    // Run later, when the signal may have aborted long ago.
    setTimeout(() => fetch(url), 1000);
    events.on('change', () => fetch(url));
  }
}

export async function config(url: string, signal: AbortSignal) {
  cached ??= fetch(url);
  return cached;
}

export function startDaemon(signal: AbortSignal) {
  // Meant to outlive its caller; and a synchronous call cannot be aborted (not reported).
  spawnSync('true', [], {});
  return spawn('sleep', ['1'], { detached: true });
}
