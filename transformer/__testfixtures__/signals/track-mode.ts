// fixture-config: {"mode": "track"}
// Track mode changes no behaviour: no signal is injected; timers and tasks are still registered.
declare function load(id: string, signal?: AbortSignal): Promise<string>;

export async function sync(url: string): Promise<void> {
  await fetch(url);
  await load('a');
  fetch(url);
  setTimeout(() => undefined, 1);
}
