// expect-notes: signals/explicitSignal signals/explicitSignal signals/explicitSignal signals/explicitSignal
// An explicitly passed signal is never replaced, even `signal: undefined`.
declare function load(id: string, signal?: AbortSignal): Promise<string>;
declare function get(url: string, options?: { signal?: AbortSignal }): Promise<string>;
declare const mine: AbortSignal;

export async function explicit(url: string, withSignal: { signal: AbortSignal }): Promise<void> {
  const signal = mine;
  await fetch(url, { signal: mine });
  await fetch(url, { signal: undefined });
  await fetch(url, { signal });
  await get(url, withSignal);
  await load('a', mine);
}
