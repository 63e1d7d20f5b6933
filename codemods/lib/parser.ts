/**
 * Parses a file with Babel, the parser jscodeshift uses, picked by extension: TypeScript without
 * JSX for .ts/.mts/.cts (where `<T>x` is a type assertion), TypeScript with JSX for everything
 * else (.tsx/.js/.jsx). jscodeshift's own `ts`/`tsx` parsers enable only legacy decorators, so
 * `export @dec class` fails there; this tries TC39 decorators first and falls back to legacy ones
 * (TypeScript's `experimentalDecorators`, with parameter decorators). Both accept `satisfies`,
 * `accessor`, `using` and `await using`.
 *
 * No tokens and no comment attachment: the transforms read node ranges and write text edits, so
 * they need neither (and parsing is twice as fast without).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

interface BabelParser {
  parse(code: string, options: object): any;
}

type ParserName = 'ts' | 'tsx';

function parserNameFor(file: string): ParserName {
  const ext = path.extname(file).toLowerCase();
  return ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'ts' : 'tsx';
}

interface Parsers {
  babel: BabelParser;
  modern: Record<ParserName, object>;
  legacy: Record<ParserName, object>;
}

let loaded: Parsers | undefined;

/**
 * Babel and its options, loaded on the first parse: a process that only loads the transforms
 * (the CLI, to run listener-signal again on files no listener can match) never pays for it.
 */
function parsers(): Parsers {
  if (loaded) return loaded;
  // @babel/parser is jscodeshift's own dependency: load the copy jscodeshift uses.
  const requireFromJscodeshift = createRequire(require.resolve('jscodeshift'));
  const babel = requireFromJscodeshift('@babel/parser') as BabelParser;
  const base = requireFromJscodeshift('./parser/tsOptions') as { plugins: unknown[] } & Record<string, unknown>;
  const common = base.plugins.filter((p) => p !== 'decorators-legacy');
  const options = (jsx: boolean, decorators: unknown): object => {
    const plugins = [...(jsx ? ['jsx'] : []), ...common, decorators, 'explicitResourceManagement'];
    return { ...base, plugins, tokens: false, attachComment: false };
  };
  loaded = {
    babel,
    modern: { ts: options(false, ['decorators', {}]), tsx: options(true, ['decorators', {}]) },
    legacy: { ts: options(false, 'decorators-legacy'), tsx: options(true, 'decorators-legacy') },
  };
  return loaded;
}

/** The Babel AST (a `File` node) of `source`; throws a SyntaxError with line and column when it does not parse. */
export function parseSource(file: string, source: string): any {
  const name = parserNameFor(file);
  const { babel, modern, legacy } = parsers();
  try {
    return babel.parse(source, modern[name]);
  } catch (error) {
    // Parameter decorators and a few other experimentalDecorators forms only parse as legacy.
    if (!source.includes('@')) throw error;
    return babel.parse(source, legacy[name]);
  }
}
