import { once, EventEmitter } from 'node:events';

export class Client {
  constructor(private readonly base: string) {}

  private get = async (path: string, /* leash-codemod */ signal?: AbortSignal) => {
    return fetch(this.base + path, /* leash-codemod */ { signal });
  };

  private async status(path: string, /* leash-codemod */ signal?: AbortSignal) {
    const res = await this.get(path, /* leash-codemod */ signal);
    return res.status;
  }

  async health(signal: AbortSignal) {
    return (await this.status('/health', /* leash-codemod */ signal)) === 200;
  }
}

const ready = async (emitter: EventEmitter, /* leash-codemod */ signal?: AbortSignal) => once(emitter, 'ready', /* leash-codemod */ { signal });

export async function start(emitter: EventEmitter, signal: AbortSignal) {
  await ready(emitter, /* leash-codemod */ signal);
  const urls = ['a', 'b'];
  return Promise.all(urls.map((u) => fetch(`https://example.com/${u}`, /* leash-codemod */ { signal })));
}
