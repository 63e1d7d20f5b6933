// Methods with listener names on types that are not EventTargets or EventEmitters: nothing changes.
interface Query {
  on(event: string, handler: () => void): Query;
  off(event: string, handler: () => void): Query;
}

export function wire(query: Query, fake: { addEventListener(type: string, f: () => void): void }, f: () => void): void {
  query.on('click', f).off('click', f);
  fake.addEventListener('x', f);
}
