import { loadUser } from './users';

async function render(id: number): Promise<string> {
  if (id % 10 === 7) throw new Error(`report ${id} failed`);
  const user = await loadUser(id);
  return `report for ${user.name}`;
}

/** Renders every report at once and keeps the ones that worked. */
export async function renderReports(ids: number[]): Promise<string[]> {
  const jobs: Promise<string>[] = [];
  for (const id of ids) {
    jobs.push(render(id));
  }
  const results = await Promise.allSettled(jobs);
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}
