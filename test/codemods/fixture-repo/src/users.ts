import { setTimeout as delay } from 'node:timers/promises';
import { track } from './counter';

export interface User {
  id: number;
  name: string;
}

/** Stands in for a database call: takes a few milliseconds. */
export async function loadUser(id: number): Promise<User> {
  return track(async () => {
    await delay(2 + (id % 3));
    return { id, name: `user-${id}` };
  });
}

/** Loads every user at once: one call in flight per id. */
export async function loadUsers(ids: number[]): Promise<User[]> {
  return Promise.all(ids.map((id) => loadUser(id)));
}
