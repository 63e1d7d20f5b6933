// Promises nobody can observe any more become tasks of the scope that started them.
declare function save(item: string): Promise<void>;
declare function load(): Promise<string>;
declare function log(value: unknown): void;

export class Worker {
  pending = 0;

  kick(): void {
    this.flush();
    void this.flush().catch(log);
  }

  async flush(): Promise<void> {
    await save('x');
  }
}

export function handle(items: string[], ready: boolean, worker?: Worker): void {
  worker?.flush();
  save('a');
  void save('b');
  load().then(log, log);
  (async () => {
    await save('c');
  })();
  ready && save('d');
  ready ? save('e') : load();
  (save('f'), save('g'));
  for (save('h'); ready; save('i')) break;
  void (save('j') as Promise<void>);
  save('k')!;
  items.forEach((item) => {
    save(item);
  });
}

export function* steps(): Generator<number> {
  save('gen');
  yield 1;
}

save('top-level');
