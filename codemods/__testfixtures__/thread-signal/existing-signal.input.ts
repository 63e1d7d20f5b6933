interface Job {
  readonly signal: AbortSignal;
  readonly url: string;
}

export async function post(url: string, body: string) {
  return fetch(url, { method: 'POST', body });
}

export async function runJob(job: Job) {
  await post(job.url, 'start');
  return fetch(job.url);
}

export async function withSignal(url: string, abort: AbortSignal) {
  await post(url, 'x');
}

export async function withController(url: string) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  return post(url, 'y');
}
