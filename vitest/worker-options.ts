/**
 * What the plugin hands the setup file in each test worker (through vitest's `provide`): the
 * checked options, in a form that survives serialization (RegExps as their sources).
 */
import type { Kind } from '../runtime/entry';

export const PROVIDE_KEY = 'leash:vitest';

/**
 * The statement the plugin appends to each module it planned and found nothing to rewrite in;
 * the setup file defines the function it calls (the runtime's `notePlanned`) in each worker, so a
 * worker whose modules all were so knows leash looked. A no-op where the setup file did not run.
 * The comment keeps it out of coverage (v8 and istanbul read it; `@preserve` keeps it through
 * Oxc and esbuild): without it every such file counted one more statement, on a line past its end.
 */
export const LOOKED_KEY = Symbol.for('leash.looked');
export const LOOKED_MARK = `/* istanbul ignore next -- @preserve */ globalThis[Symbol.for(${JSON.stringify(LOOKED_KEY.description)})]?.();`;

export interface WorkerOptions {
  mode: 'fail' | 'warn';
  /** The project root site ids are relative to. */
  root: string;
  bind: boolean;
  /** RegExp sources matched against site ids. */
  ignoreSites: string[];
  ignoreKinds: Kind[];
  ignorePackages: string[];
  retries: number;
  maxDelayMs: number;
  /** Creation stacks on: needed to name the user line that called into an instrumented package. */
  stacks: boolean;
}
