/**
 * The parser for a file, chosen by its extension: TypeScript without JSX for .ts/.mts/.cts (where
 * `<T>x` is a type assertion), TypeScript with JSX for everything else (.tsx/.js/.jsx/.mjs/.cjs).
 *
 * jscodeshift's own `ts`/`tsx` parsers enable only legacy decorators, so `export @dec class` fails
 * to parse. These parsers try TC39 decorators first and fall back to legacy decorators (which is
 * what TypeScript's `experimentalDecorators` code, with parameter decorators, needs). Both accept
 * `satisfies`, `accessor`, `using` and `await using`.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Parser } from 'jscodeshift';

interface BabelParser {
  parse(code: string, options: object): unknown;
}

// @babel/parser is jscodeshift's own dependency: load the copy jscodeshift uses.
const requireFromJscodeshift = createRequire(require.resolve('jscodeshift'));
const babel = requireFromJscodeshift('@babel/parser') as BabelParser;
const baseOptions = requireFromJscodeshift('./parser/tsOptions') as { plugins: unknown[] } & Record<string, unknown>;

const common = baseOptions.plugins.filter((p) => p !== 'decorators-legacy');
const modern = [...common, ['decorators', {}], 'explicitResourceManagement'];
const legacy = [...common, 'decorators-legacy', 'explicitResourceManagement'];

export type ParserName = 'ts' | 'tsx';

export function parserNameFor(file: string): ParserName {
  const ext = path.extname(file).toLowerCase();
  return ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'ts' : 'tsx';
}

function make(jsx: boolean): Parser {
  const withJsx = (plugins: unknown[]): unknown[] => (jsx ? ['jsx', ...plugins] : plugins);
  const modernOptions = { ...baseOptions, plugins: withJsx(modern) };
  const legacyOptions = { ...baseOptions, plugins: withJsx(legacy) };
  return {
    parse(code: string) {
      try {
        return babel.parse(code, modernOptions) as ReturnType<Parser['parse']>;
      } catch (error) {
        // Parameter decorators and a few other experimentalDecorators forms only parse as legacy.
        if (!code.includes('@')) throw error;
        return babel.parse(code, legacyOptions) as ReturnType<Parser['parse']>;
      }
    },
  };
}

const parsers: Record<ParserName, Parser> = { ts: make(false), tsx: make(true) };

export function parserFor(file: string): Parser {
  return parsers[parserNameFor(file)];
}
