// fixture-config: {"cancelAtAwait": true}
// fixture-formats: esm
// Top-level await is checked too.
declare function load(id: string): Promise<string>;
export const config = await load('config');
