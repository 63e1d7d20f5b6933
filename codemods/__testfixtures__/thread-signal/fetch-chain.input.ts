import { setTimeout as delay } from 'node:timers/promises';

export async function loadUser(id: string) {
  const res = await fetch(`https://api.example.com/users/${id}`);
  return (await res.json()) as { id: string; name: string };
}

export async function loadWithRetry(id: string, attempts = 3) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await loadUser(id);
    } catch {
      await delay(100 * i);
    }
  }
  throw new Error(`giving up on ${id}`);
}

export async function loadTeam(ids: string[]) {
  return Promise.all(ids.map((id) => loadWithRetry(id)));
}
