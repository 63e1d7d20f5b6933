import { once, EventEmitter } from 'node:events';

export class Client {
  constructor(private readonly base: string) {}

  async get(path: string, /* leash-codemod */ signal?: AbortSignal) {
    return fetch(this.base + path, /* leash-codemod */ { signal });
  }

  async health(/* leash-codemod */ signal?: AbortSignal) {
    const res = await this.get('/health', /* leash-codemod */ signal);
    return res.ok;
  }
}

export const ready = async (emitter: EventEmitter, /* leash-codemod */ signal?: AbortSignal) => once(emitter, 'ready', /* leash-codemod */ { signal });

export const api = {
  async start(emitter: EventEmitter, /* leash-codemod */ signal?: AbortSignal) {
    await ready(emitter, /* leash-codemod */ signal);
    return (async () => fetch('https://example.com/started', /* leash-codemod */ { signal }))();
  },
};
