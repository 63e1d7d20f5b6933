/**
 * The module hook leash/register installs: `node:test` imported from anywhere but leash's own
 * wrapper resolves to the wrapper's ESM face.
 */
const face = new URL('./node-test-esm.mjs', import.meta.url).href;
const wrapper = new URL('./node-test.js', import.meta.url).href;

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  if (specifier === 'node:test' && context.parentURL !== face && context.parentURL !== wrapper) return { url: face, shortCircuit: true };
  return next(specifier, context);
}
