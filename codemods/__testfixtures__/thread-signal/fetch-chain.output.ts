import { setTimeout as delay } from 'node:timers/promises';

export async function loadUser(id: string, /* leash-codemod */ signal?: AbortSignal) {
  const res = await fetch(`https://api.example.com/users/${id}`, /* leash-codemod */ { signal });
  return (await res.json()) as { id: string; name: string };
}

export async function loadWithRetry(id: string, attempts = 3, /* leash-codemod */ signal?: AbortSignal) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await loadUser(id, /* leash-codemod */ signal);
    } catch {
      await delay(100 * i, undefined, /* leash-codemod */ { signal });
    }
  }
  throw new Error(`giving up on ${id}`);
}

export async function loadTeam(ids: string[], /* leash-codemod */ signal?: AbortSignal) {
  return Promise.all(ids.map((id) => loadWithRetry(id, undefined, /* leash-codemod */ signal)));
}
