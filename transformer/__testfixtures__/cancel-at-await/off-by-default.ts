// Without `cancelAtAwait: true` awaits are left alone.
declare function load(id: string): Promise<string>;

export async function handle(): Promise<string> {
  return await load('x');
}
