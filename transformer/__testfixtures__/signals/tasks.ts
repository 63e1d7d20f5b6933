// A detached call that also takes a signal: both rewrites, the signal inside the task.
export function ping(url: string, signal: AbortSignal): void {
  fetch(url);
  fetch(url, { method: 'HEAD' }).catch(() => undefined);
}
