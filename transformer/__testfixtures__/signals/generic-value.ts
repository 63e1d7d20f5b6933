// expect-notes: signals/argumentCarriesSignal
// A parameter declared with a type parameter is a value of the caller's type, never options,
// even when the type argument has `signal?: AbortSignal`: a copy with a signal added would break
// `includes`/`indexOf`/`Set.has` on it and change what gets stored. Declared options still count.
interface Job {
  id: number;
  signal?: AbortSignal;
}

const queue: Job[] = [];
function enqueue<T>(job: T, options?: { signal?: AbortSignal }): T {
  queue.push(job as Job);
  return job;
}
function remember<T extends { signal?: AbortSignal }>(item?: T): T | undefined {
  return item;
}

export function handle(job: Job): boolean {
  enqueue({ id: job.id });
  enqueue(job);
  remember(job);
  return queue.includes(job);
}
