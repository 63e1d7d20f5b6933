// skips: unresolved-callback, unresolved-callback, map-this-arg, optional-map
import { handle } from './handlers';

declare const service: { run(id: string): Promise<void> };

export function handleAll(ids: string[]) {
  return Promise.all(ids.map(handle));
}

export function runAll(ids: string[]) {
  return Promise.all(ids.map(service.run));
}

export function withThis(ids: string[]) {
  return Promise.all(ids.map(function (this: typeof service, id) { return this.run(id); }, service));
}

export function maybe(ids?: string[]) {
  return Promise.all(ids?.map((id) => service.run(id)));
}
