import { once, EventEmitter } from 'node:events';

export class Client {
  constructor(private readonly base: string) {}

  private get = async (path: string) => {
    return fetch(this.base + path);
  };

  private async status(path: string) {
    const res = await this.get(path);
    return res.status;
  }

  async health(signal: AbortSignal) {
    return (await this.status('/health')) === 200;
  }
}

const ready = async (emitter: EventEmitter) => once(emitter, 'ready');

export async function start(emitter: EventEmitter, signal: AbortSignal) {
  await ready(emitter);
  const urls = ['a', 'b'];
  return Promise.all(urls.map((u) => fetch(`https://example.com/${u}`)));
}
