/**
 * The `type` field of the package.json nearest above a folder: what Node reads to decide whether
 * a `.js` or `.ts` file there is an ES module (`"module"`) or CommonJS (`"commonjs"`, or no field).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest package.json's `type`; undefined when it has none, cannot be parsed, or there is no package.json. */
export function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const file = join(current, 'package.json');
    if (existsSync(file)) {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}
