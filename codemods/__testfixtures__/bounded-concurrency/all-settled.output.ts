/* leash-codemod */ import { mapSettledLimit } from 'leash';

declare function ping(host: string): Promise<number>;

export async function pingAll(hosts: readonly string[]) {
  const results = await /* leash-codemod */ mapSettledLimit(hosts, 8, (host) => ping(host));
  return results.filter((r) => r.status === 'fulfilled').length;
}
