// skips: enqueues, enqueues, enqueues
type Task<T> = () => Promise<T>;

export class Queue {
  private readonly pending: Array<Task<unknown>> = [];
  async add<T>(fn: Task<T>): Promise<T> {
    return fn();
  }
  // Each callback only enqueues: the queue decides how many run at once.
  async addAll<T>(fns: Array<Task<T>>): Promise<T[]> {
    return Promise.all(fns.map(async (fn) => this.add(fn)));
  }
}

export async function viaLimiter<T>(limit: (fn: Task<T>) => Promise<T>, fns: Array<Task<T>>) {
  return Promise.all(fns.map((fn) => limit(fn)));
}

export async function viaPool(pool: { run<T>(fn: Task<T>): Promise<T> }, fns: Array<Task<number>>) {
  return Promise.all(fns.map((fn) => pool.run(fn)));
}
