import { sleep } from 'leash';

interface Job {
  readonly signal: AbortSignal;
  readonly url: string;
}

export async function runJob(job: Job) {
  await sleep(10);
  return fetch(job.url);
}

export async function nested(ctx: { request: { signal: AbortSignal; url: string } }) {
  return fetch(ctx.request.url);
}

export async function nullable(url: string, options: { signal: AbortSignal | null }) {
  await sleep(5);
  return fetch(url);
}

export async function destructured(url: string, { signal }: { signal?: AbortSignal } = {}) {
  return fetch(url);
}
