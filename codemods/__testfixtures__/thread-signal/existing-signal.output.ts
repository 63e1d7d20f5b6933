import { sleep } from 'leash';

interface Job {
  readonly signal: AbortSignal;
  readonly url: string;
}

export async function runJob(job: Job) {
  await sleep(10, /* leash-codemod */ { signal: job.signal });
  return fetch(job.url, /* leash-codemod */ { signal: job.signal });
}

export async function nested(ctx: { request: { signal: AbortSignal; url: string } }) {
  return fetch(ctx.request.url, /* leash-codemod */ { signal: ctx.request.signal });
}

export async function nullable(url: string, options: { signal: AbortSignal | null }) {
  await sleep(5, /* leash-codemod */ { signal: options.signal ?? undefined });
  return fetch(url, /* leash-codemod */ { signal: options.signal });
}

export async function destructured(url: string, { signal }: { signal?: AbortSignal } = {}) {
  return fetch(url, /* leash-codemod */ { signal });
}
