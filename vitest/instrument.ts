/**
 * Instruments modules in Vite's pipeline with the ts-patch transformer, one small program per
 * module (the checker answers the rules' type questions; source files other than the module are
 * parsed once and shared by every later program). Until the shared unplugin host lands this is
 * how `leash/vitest` instruments; it only runs the planner and the factory emitter, so every rule
 * behaves as it does under `tspc`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';
import leashTransformer from '../transformer/index';

export interface InstrumentOptions {
  /** Project root: site ids are paths from here. */
  readonly root: string;
  readonly mode: 'bind' | 'track';
  /** Package names under node_modules to instrument as well. */
  readonly packages: readonly string[];
}

export interface Instrumenter {
  wants(id: string): boolean;
  transform(code: string, id: string): { code: string; map: unknown } | undefined;
}

const SOURCE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;

export function createInstrumenter(options: InstrumentOptions): Instrumenter {
  const ts = loadTypeScript(options.root);
  const compilerOptions: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowJs: true,
    jsx: ts.JsxEmit.Preserve,
    sourceMap: true,
    skipLibCheck: true,
    noEmitOnError: false,
    esModuleInterop: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    configFilePath: join(options.root, 'tsconfig.json'),
    // Output is only captured, never written; an outDir keeps a .js input from being its own output.
    outDir: join(options.root, '.leash-instrumented'),
  };
  const shared = new Map<string, TS.SourceFile>();
  const host = ts.createCompilerHost(compilerOptions);
  const readSourceFile = host.getSourceFile.bind(host);
  let current: { id: string; file: TS.SourceFile } | undefined;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (current !== undefined && fileName === current.id) return current.file;
    let file = shared.get(fileName);
    if (file === undefined) {
      file = readSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file !== undefined) shared.set(fileName, file);
    }
    return file;
  };
  const packages = options.packages.map((name) => `/node_modules/${name}/`);
  let previous: TS.Program | undefined;

  return {
    wants(id) {
      const path = id.split('?')[0]!;
      if (id.startsWith('\0') || !SOURCE.test(path) || path.endsWith('.d.ts')) return false;
      if (path.includes('/node_modules/')) return packages.some((pkg) => path.includes(pkg));
      return true;
    },
    transform(code, id) {
      const path = id.split('?')[0]!;
      current = { id: path, file: ts.createSourceFile(path, code, ts.ScriptTarget.ES2022, true) };
      try {
        const program = ts.createProgram({ rootNames: [path], options: compilerOptions, host, ...(previous ? { oldProgram: previous } : {}) });
        previous = program;
        const source = program.getSourceFile(path);
        if (source === undefined) return undefined;
        let js: string | undefined;
        let map: string | undefined;
        // A per-test check wants what each test left alive wherever it was stored: no ownership
        // detach, unless each test's leftovers are ended (bind), as for the project's own modules.
        const config = { mode: options.mode, ownership: options.mode === 'bind' };
        program.emit(
          source,
          (name, text) => {
            if (name.endsWith('.map')) map = text;
            else js = text;
          },
          undefined,
          false,
          { before: [leashTransformer(program, config, { ts, addDiagnostic: () => 0 })] },
        );
        if (js === undefined || !js.includes('leash/hooks')) return undefined;
        const parsed = map === undefined ? null : (JSON.parse(map) as { sources: string[]; sourceRoot?: string });
        if (parsed !== null) {
          parsed.sources = [path];
          parsed.sourceRoot = '';
        }
        return { code: js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), map: parsed };
      } finally {
        current = undefined;
      }
    },
  };
}

/** The project's own TypeScript: the packages' types come from it, as the project's do. */
function loadTypeScript(root: string): typeof TS {
  try {
    return createRequire(join(root, 'package.json'))('typescript') as typeof TS;
  } catch {
    throw new Error(`[leash] leash/vitest: \`packages\` needs TypeScript to instrument them, and none was found from ${root}. Install typescript in the project (npm i -D typescript).`);
  }
}
