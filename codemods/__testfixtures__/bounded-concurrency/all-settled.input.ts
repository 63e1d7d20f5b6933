declare function ping(host: string): Promise<number>;

export async function pingAll(hosts: readonly string[]) {
  const results = await Promise.allSettled(hosts.map((host) => ping(host)));
  return results.filter((r) => r.status === 'fulfilled').length;
}
