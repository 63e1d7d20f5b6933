// Global timers and their clears, in the places a service starts them.
export function poll(fn: () => void): NodeJS.Timeout {
  const handle = setInterval(fn, 1_000);
  setTimeout((reason: string, code: number) => clearInterval(handle), 60_000, 'expired', 42);
  return handle;
}

export const later = (fn: () => void) => setImmediate(fn);

export class Heartbeat {
  timer = setInterval(() => this.beat(), 5_000);

  beat(): void {
    const once = setTimeout(() => undefined);
    clearTimeout(once);
    clearImmediate(setImmediate(() => undefined));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
