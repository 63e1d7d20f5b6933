import { loadUser, type User } from './users';

/** Counts `message` events on `target` until `signal` aborts. */
export function countMessages(target: EventTarget, signal: AbortSignal): { readonly count: number } {
  const state = { count: 0 };
  if (signal.aborted) return state;
  target.addEventListener('message', () => {
    state.count++;
  });
  return state;
}

/** Loads a user, counting the `message` events that arrive on `target` meanwhile. */
export async function loadWatching(target: EventTarget, id: number, seen: { count: number }): Promise<User> {
  target.addEventListener('message', () => {
    seen.count++;
  });
  return loadUser(id);
}
