import { once, EventEmitter } from 'node:events';

export class Client {
  constructor(private readonly base: string) {}

  async get(path: string) {
    return fetch(this.base + path);
  }

  async health() {
    const res = await this.get('/health');
    return res.ok;
  }
}

export const ready = async (emitter: EventEmitter) => once(emitter, 'ready');

export const api = {
  async start(emitter: EventEmitter) {
    await ready(emitter);
    return (async () => fetch('https://example.com/started'))();
  },
};
