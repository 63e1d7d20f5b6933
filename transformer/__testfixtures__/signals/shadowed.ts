// expect-notes: signals/explicitSignal
// A signal parameter shadowed by an inner binding of the same name is not used: ambient instead.
export async function shadowed(url: string, signal: AbortSignal): Promise<void> {
  {
    const signal = 'not a signal';
    await fetch(url + signal);
  }
  await fetch(url, { signal });
}
