/**
 * Plugin options, as written in `compilerOptions.plugins`:
 * `{ "transform": "leash/transformer", "mode": "track", "tasks": false, "exclude": ["**\/*.test.ts"] }`.
 * Every problem is reported at once, each naming the option, what was expected and what was
 * received; a config with problems instruments nothing.
 */
import type { RuleName } from './plan/intent';
import type { RuleMeta } from './plan/rule';
import { createFileFilter, globToRegExp } from './plan/util/glob';

export type Mode = 'bind' | 'track';

export interface LeashConfig {
  readonly mode: Mode;
  /** Rules that run, by name. */
  readonly rules: ReadonlySet<RuleName>;
  /** Whether a file (path from the project root, `/` separators) is instrumented. */
  readonly includes: (path: string) => boolean;
}

export type ConfigMessageId = 'unknownOption' | 'invalidValue' | 'runtimeNotFound' | 'scriptNotInstrumented';

export interface ConfigProblem {
  readonly messageId: ConfigMessageId;
  readonly message: string;
}

/** Options of the plugin itself; each rule adds its own switch (see the rule heads). */
export const GLOBAL_OPTIONS = {
  mode: { description: '`"bind"`: resources end with the scope that started them. `"track"`: register and report only; rules that change behaviour (signals, cancelAtAwait) are off unless turned on.', default: '"bind"' },
  include: { description: 'Globs (from the tsconfig folder) of files to instrument; a pattern without `/` matches file names in any folder.', default: 'all files' },
  exclude: { description: 'Globs of files to leave alone, applied after `include`.', default: 'none' },
} as const;

/** Keys ts-patch itself reads from a plugin entry. */
const TS_PATCH_KEYS = new Set(['transform', 'after', 'afterDeclarations', 'name', 'type', 'transformProgram', 'import', 'tsConfig', 'resolvePathAliases', 'isEsm']);

export function parseConfig(raw: unknown, rules: readonly RuleMeta<string>[]): { config?: LeashConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const invalid = (option: string, expected: string, value: unknown): void => {
    problems.push({ messageId: 'invalidValue', message: `option \`${option}\` must be ${expected}, got ${describe(value)}.` });
  };
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const switches = new Map(rules.map((rule) => [rule.option.key, rule]));
  const valid = [...Object.keys(GLOBAL_OPTIONS), ...switches.keys()];

  for (const key of Object.keys(input)) {
    if (TS_PATCH_KEYS.has(key) || key in GLOBAL_OPTIONS || switches.has(key)) continue;
    problems.push({ messageId: 'unknownOption', message: `unknown option \`${key}\`. Valid options: ${valid.join(', ')}.` });
  }

  let mode: Mode = 'bind';
  if (input['mode'] !== undefined) {
    if (input['mode'] === 'bind' || input['mode'] === 'track') mode = input['mode'];
    else invalid('mode', '"bind" or "track"', input['mode']);
  }

  const enabled = new Set<RuleName>();
  for (const [key, rule] of switches) {
    const value = input[key];
    if (value === undefined) {
      if (rule.option.default && !(mode === 'track' && rule.option.changesBehaviour)) enabled.add(rule.name);
    } else if (typeof value === 'boolean') {
      if (value) enabled.add(rule.name);
    } else {
      invalid(key, 'true or false', value);
    }
  }

  const globs = (option: 'include' | 'exclude'): string[] => {
    const value = input[option];
    if (value === undefined) return [];
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string' && item !== '')) {
      invalid(option, 'a glob string or an array of them (like ["src/**"])', value);
      return [];
    }
    for (const pattern of list) {
      try {
        globToRegExp(pattern);
      } catch (error) {
        problems.push({ messageId: 'invalidValue', message: `option \`${option}\` has an invalid glob: ${(error as Error).message}.` });
      }
    }
    return list;
  };
  const include = globs('include');
  const exclude = globs('exclude');

  if (problems.length > 0) return { problems };
  return { config: { mode, rules: enabled, includes: createFileFilter(include, exclude) }, problems };
}

function describe(value: unknown): string {
  return typeof value === 'object' || typeof value === 'string' ? JSON.stringify(value) : String(value);
}
