interface Job {
  readonly signal: AbortSignal;
  readonly url: string;
}

export async function post(url: string, body: string, /* leash-codemod */ signal?: AbortSignal) {
  return fetch(url, { method: 'POST', body, /* leash-codemod */ signal });
}

export async function runJob(job: Job) {
  await post(job.url, 'start', /* leash-codemod */ job.signal);
  return fetch(job.url, /* leash-codemod */ { signal: job.signal });
}

export async function withSignal(url: string, abort: AbortSignal) {
  await post(url, 'x', /* leash-codemod */ abort);
}

export async function withController(url: string) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  return post(url, 'y', /* leash-codemod */ controller.signal);
}
