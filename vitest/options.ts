/**
 * `leash({ ... })` options for vitest, checked at once: an unknown option or a wrong type is a
 * LeashError naming the option, what was expected and what was received.
 */
import type { Kind } from '../runtime/entry';
import { KINDS } from '../runtime/entry';
import { describe, LeashError } from '../runtime/errors';
import { globToRegExp } from '../transformer/plan/util/glob';
import type { LeashPluginOptions } from '../transformer/hosts/session';
import type { WorkerOptions } from './worker-options';

export interface LeashVitestOptions {
  /** What a leak does to the test that left it: fail it, or print the report and pass. @default 'fail' */
  mode?: 'fail' | 'warn';
  /**
   * End what each test left alive (timers cleared, listeners removed) instead of reporting it:
   * the code under test runs in leash's `bind` mode. @default false
   */
  bind?: boolean;
  ignore?: {
    /** Globs of the file that started the resource, from the project root: `'src/metrics/**'`. */
    sites?: string[];
    /** Kinds never reported: `'timeout' | 'interval' | 'immediate' | 'listener' | 'task'`. */
    kinds?: Kind[];
    /** Instrumented packages (see `packages`) whose resources are never reported. */
    packages?: string[];
  };
  /**
   * Packages under node_modules to instrument too (they are not by default). What they start is
   * reported with the user line that called into them (creation stacks are turned on for that).
   */
  packages?: string[];
  /**
   * Options for the instrumentation, as leash/vite takes them (`include`, `exclude`, `tsconfig`,
   * a switch per rule); its `mode` follows `bind`.
   */
  transform?: Omit<LeashPluginOptions, 'mode'>;
  /** How many times to look again before reporting a test's leak. @default 20 */
  retries?: number;
  /** Upper bound of the backoff between looks, in ms (1, 2, 4 … ms). @default 100 */
  maxDelayMs?: number;
}

const OPTIONS = ['mode', 'bind', 'ignore', 'packages', 'transform', 'retries', 'maxDelayMs'] as const;
const IGNORE_OPTIONS = ['sites', 'kinds', 'packages'] as const;

function unknownKeys(where: string, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new LeashError(`leash/vitest: unknown option ${where}${describe(key)}; expected one of ${allowed.join(', ')}.`);
  }
}

function strings(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === '')) {
    throw new LeashError(`leash/vitest: \`${name}\` must be an array of non-empty strings, got ${describe(value)}.`);
  }
  return list as string[];
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new LeashError(`leash/vitest: \`${name}\` must be an integer >= ${min}, got ${describe(value)}.`);
  }
  return value;
}

/** A site glob as a RegExp over site ids (`path:line:col function`). */
export function siteGlob(glob: string): RegExp {
  const path = globToRegExp(glob).source.replace(/\$$/, '');
  return new RegExp(`${path}(?::\\d+:\\d+)?(?: |$)`);
}

export interface ResolvedOptions {
  readonly worker: WorkerOptions;
  readonly packages: readonly string[];
  readonly transform: Omit<LeashPluginOptions, 'mode'>;
}

export function resolveOptions(input: unknown = {}, root = process.cwd()): ResolvedOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new LeashError(`leash/vitest: expected an options object like { mode: "warn" }, got ${describe(input)}.`);
  }
  const options = input as Record<string, unknown>;
  unknownKeys('', options, OPTIONS);
  const mode = options['mode'] ?? 'fail';
  if (mode !== 'fail' && mode !== 'warn') throw new LeashError(`leash/vitest: \`mode\` must be "fail" or "warn", got ${describe(mode)}. To end leaks instead of reporting them, pass { bind: true }.`);
  const bind = options['bind'] ?? false;
  if (typeof bind !== 'boolean') throw new LeashError(`leash/vitest: \`bind\` must be a boolean, got ${describe(bind)}.`);
  const ignore = options['ignore'] ?? {};
  if (typeof ignore !== 'object' || ignore === null || Array.isArray(ignore)) {
    throw new LeashError(`leash/vitest: \`ignore\` must be an object like { sites: ["src/metrics/**"], kinds: ["listener"], packages: ["msw"] }, got ${describe(ignore)}.`);
  }
  unknownKeys('ignore.', ignore, IGNORE_OPTIONS);
  const { sites, kinds, packages: ignoredPackages } = ignore as Record<string, unknown>;
  const ignoreKinds = strings('ignore.kinds', kinds);
  for (const kind of ignoreKinds) {
    if (!KINDS.includes(kind as Kind)) throw new LeashError(`leash/vitest: unknown kind ${describe(kind)} in \`ignore.kinds\`; expected one of ${KINDS.join(', ')}.`);
  }
  const ignoreSites = strings('ignore.sites', sites).map((glob) => {
    try {
      return siteGlob(glob).source;
    } catch (error) {
      throw new LeashError(`leash/vitest: \`ignore.sites\` has a bad glob: ${(error as Error).message}.`);
    }
  });
  const packages = strings('packages', options['packages']);
  const transform = options['transform'] ?? {};
  if (typeof transform !== 'object' || transform === null || Array.isArray(transform)) {
    throw new LeashError(`leash/vitest: \`transform\` must be an object of leash/vite options like { exclude: ["src/generated/**"] }, got ${describe(transform)}.`);
  }
  if ('mode' in transform) throw new LeashError('leash/vitest: `transform.mode` is set by leash/vitest (track, or bind with { bind: true }); remove it.');
  return {
    packages,
    transform: transform as Omit<LeashPluginOptions, 'mode'>,
    worker: {
      mode,
      root,
      bind,
      ignoreSites,
      ignoreKinds: ignoreKinds as Kind[],
      ignorePackages: strings('ignore.packages', ignoredPackages),
      retries: count('retries', options['retries'], 20, 0),
      maxDelayMs: count('maxDelayMs', options['maxDelayMs'], 100, 1),
      stacks: packages.length > 0,
    },
  };
}
