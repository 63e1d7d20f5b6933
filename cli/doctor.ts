/**
 * `leash doctor`: which of a project's pipelines instrument and which do not. "No leaks" from an
 * uninstrumented build looks exactly like "no leaks" from an instrumented one, so this reads the
 * project the way a build would — the TypeScript it resolves, the tsconfig plugins, the bundler
 * and test configs, the package scripts — and says, per pipeline, whether leash runs there and,
 * when it does not, the one change that makes it.
 *
 * It reads files only; it runs nothing of the project's.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type Verdict = 'instruments' | 'does not instrument' | 'cannot tell';

export interface Finding {
  /** What builds or runs code: `tsc (tsconfig.json)`, `vite.config.ts`, `npm run test`. */
  readonly pipeline: string;
  readonly verdict: Verdict;
  /** Why, and what to do when it does not instrument. */
  readonly detail: string;
}

export interface DoctorReport {
  readonly project: string;
  /** The `typescript` version the project resolves, or undefined when it has none. */
  readonly typescript: string | undefined;
  /** Whether `leash` resolves from the project (the instrumented code imports `leash/hooks`). */
  readonly leashResolvable: boolean;
  readonly findings: readonly Finding[];
}

const CONFIG_NAMES = {
  vite: ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cjs'],
  vitest: ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs', 'vitest.config.cjs'],
  rollup: ['rollup.config.ts', 'rollup.config.mts', 'rollup.config.js', 'rollup.config.mjs', 'rollup.config.cjs'],
  rolldown: ['rolldown.config.ts', 'rolldown.config.mts', 'rolldown.config.js', 'rolldown.config.mjs'],
  webpack: ['webpack.config.ts', 'webpack.config.js', 'webpack.config.mjs', 'webpack.config.cjs'],
} as const;

/** Each bundler config and the leash entry that instruments it. */
const HOST_ENTRY: Record<keyof typeof CONFIG_NAMES, string> = {
  vite: 'leash/vite',
  vitest: 'leash/vitest',
  rollup: 'leash/rollup',
  rolldown: 'leash/rolldown',
  webpack: 'leash/webpack',
};

/** Runners that compile TypeScript on the fly with esbuild/swc/Oxc, where no leash host plugs in. */
const STRIP_ONLY_RUNNERS = [
  { pattern: /(^|\s|\/)tsx(\s|$)/, name: 'tsx' },
  { pattern: /(^|\s|\/)ts-node(\s|$)/, name: 'ts-node' },
  { pattern: /(^|\s)bun\s/, name: 'bun' },
];

/** `--import leash/node` in a command (or in NODE_OPTIONS set by it). */
const LEASH_NODE = /--import[=\s]+leash\/node(\s|$|["'])/;

/** A `node` command that runs TypeScript itself (Node's type stripping): a `.ts` file argument, or the flags. */
const NODE_RUNS_TYPESCRIPT = /(^|\s|&&\s*)node\s+(?=[^&|;]*(\.[cm]?ts(\s|$|["'])|--experimental-strip-types|--experimental-transform-types))/;

export function diagnose(project: string): DoctorReport {
  const requireFrom = createRequire(path.join(project, 'package.json'));
  const typescript = readVersion(requireFrom, 'typescript');
  const tsMajor = typescript === undefined ? undefined : Number(typescript.split('.')[0]);
  const leashResolvable = readVersion(requireFrom, 'leash') !== undefined;
  const findings: Finding[] = [];
  const scripts = readScripts(project);

  for (const tsconfig of fs.readdirSync(project).filter((name) => /^tsconfig(\..+)?\.json$/.test(name)).sort()) {
    const text = fs.readFileSync(path.join(project, tsconfig), 'utf8');
    const hasPlugin = /["']transform["']\s*:\s*["']leash\/transformer["']/.test(text);
    // A type check (`tsc --noEmit`) runs no code, so only emitting commands count as pipelines.
    const usedBy = Object.entries(scripts).filter(([, command]) => /(^|\s|&&\s*)(tsc|tspc)(\s|$)/.test(command) && !command.includes('--noEmit') && (tsconfig === 'tsconfig.json' ? !/-p\s+(?!tsconfig\.json)\S+/.test(command) : command.includes(tsconfig)));
    const builders = usedBy.map(([name, command]) => ({ name, tspc: /(^|\s)tspc(\s|$)/.test(command), leashBuild: /leash\s+build/.test(command) }));
    const pipeline = `tsc (${tsconfig})`;
    if (!hasPlugin) {
      if (builders.length > 0) {
        findings.push({
          pipeline,
          verdict: 'does not instrument',
          detail: `built by npm run ${builders.map((b) => b.name).join(', ')} without leash: ${tsMajor !== undefined && tsMajor >= 7 ? 'use `leash build -p ' + tsconfig + '` instead of tsc' : 'add { "transform": "leash/transformer" } to compilerOptions.plugins and build with tspc (ts-patch), or use `leash build`'}`,
        });
      }
      continue;
    }
    if (tsMajor !== undefined && tsMajor >= 7) {
      findings.push({
        pipeline,
        verdict: 'does not instrument',
        detail: `has a leash entry in compilerOptions.plugins, but typescript is ${typescript}: tsc 7 ignores plugins without a word. Build with \`leash build -p ${tsconfig}\` (or keep TypeScript 6 beside it for tspc).`,
      });
    } else if (typescript === undefined) {
      findings.push({ pipeline, verdict: 'does not instrument', detail: 'has a leash entry in compilerOptions.plugins, but the project has no `typescript`: npm i -D typescript' });
    } else if (builders.length > 0 && builders.every((b) => !b.tspc && !b.leashBuild) && !isTsPatched(requireFrom)) {
      findings.push({
        pipeline,
        verdict: 'does not instrument',
        detail: `has the leash plugin, but npm run ${builders.map((b) => b.name).join(', ')} runs plain tsc, which ignores plugins: run tspc (ts-patch) instead, or \`leash build\``,
      });
    } else if (readVersion(requireFrom, 'ts-patch') === undefined) {
      findings.push({ pipeline, verdict: 'does not instrument', detail: 'has the leash plugin, but ts-patch is not installed: npm i -D ts-patch, then build with tspc (or use `leash build`)' });
    } else {
      findings.push({ pipeline, verdict: 'instruments', detail: `the leash plugin runs under ts-patch on TypeScript ${typescript}` });
    }
  }

  for (const [tool, names] of Object.entries(CONFIG_NAMES) as Array<[keyof typeof CONFIG_NAMES, readonly string[]]>) {
    for (const name of names) {
      const file = path.join(project, name);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const entries = tool === 'vitest' ? [HOST_ENTRY.vitest, HOST_ENTRY.vite] : [HOST_ENTRY[tool]];
      const uses = entries.find((entry) => new RegExp(`['"]${entry}['"]`).test(text));
      findings.push(
        uses !== undefined
          ? { pipeline: name, verdict: 'instruments', detail: `imports ${uses}` }
          : {
              pipeline: name,
              verdict: 'does not instrument',
              detail: `does not use leash: import leash from '${HOST_ENTRY[tool]}' and add leash() to its plugins`,
            },
      );
    }
  }
  const viteConfigured = findings.some((f) => /^vite(st)?\.config\./.test(f.pipeline));
  for (const [name, command] of Object.entries(scripts)) {
    if (/(^|\s)vitest(\s|$)/.test(command) && !viteConfigured) {
      findings.push({ pipeline: `npm run ${name}`, verdict: 'does not instrument', detail: "runs vitest with no vitest.config/vite.config: create vitest.config.ts with plugins: [leash()] from 'leash/vitest'" });
    }
    if (NODE_RUNS_TYPESCRIPT.test(command)) {
      findings.push(
        LEASH_NODE.test(command)
          ? { pipeline: `npm run ${name}`, verdict: 'instruments', detail: "runs TypeScript through Node's type stripping with --import leash/node (Node 22.15 or later)" }
          : { pipeline: `npm run ${name}`, verdict: 'does not instrument', detail: "runs TypeScript through Node's own type stripping without leash: add --import leash/node (Node 22.15 or later) before the file" },
      );
      continue;
    }
    for (const runner of STRIP_ONLY_RUNNERS) {
      if (runner.pattern.test(command)) {
        if (runner.name === 'tsx' && LEASH_NODE.test(command)) {
          findings.push({ pipeline: `npm run ${name}`, verdict: 'instruments', detail: 'runs TypeScript through tsx with --import leash/node, which writes into what tsx compiled (Node 22.15 or later)' });
          break;
        }
        findings.push({
          pipeline: `npm run ${name}`,
          verdict: 'does not instrument',
          detail: `runs TypeScript through ${runner.name}, which strips types and runs no leash host: ${runner.name === 'tsx' ? 'add --import leash/node (tsx --import leash/node ...; Node 22.15 or later)' : "run the file with Node's own type stripping and --import leash/node (Node 22.18+ or 24)"}, build with \`leash build\` (or the ts-patch plugin) and run the output, or run it through vitest with leash/vitest`,
        });
        break;
      }
    }
  }
  if (!leashResolvable) {
    findings.push({ pipeline: 'leash', verdict: 'does not instrument', detail: 'leash does not resolve from this project, and instrumented code imports leash/hooks: npm i leash' });
  }
  if (findings.length === 0) {
    findings.push({ pipeline: 'this project', verdict: 'cannot tell', detail: 'no tsconfig, bundler config or package script that builds TypeScript was found; see the README for the setup per toolchain' });
  }
  return { project, typescript, leashResolvable, findings };
}

export function formatReport(report: DoctorReport): string {
  const lines = [`leash doctor: ${report.project}`, `  typescript ${report.typescript ?? 'not installed'}; leash ${report.leashResolvable ? 'resolves' : 'does not resolve'} from here`];
  const width = Math.max(...report.findings.map((f) => f.pipeline.length));
  const mark: Record<Verdict, string> = { instruments: 'ok  ', 'does not instrument': 'NO  ', 'cannot tell': '??  ' };
  for (const finding of report.findings) lines.push(`  ${mark[finding.verdict]}${finding.pipeline.padEnd(width)}  ${finding.detail}`);
  const bad = report.findings.filter((f) => f.verdict !== 'instruments').length;
  lines.push(bad === 0 ? 'Every pipeline found instruments.' : `${bad} pipeline${bad === 1 ? '' : 's'} will run your code without leash: "no leaks" there means "never looked".`);
  return `${lines.join('\n')}\n`;
}

/** 0 when every pipeline found instruments, 1 otherwise, 2 when `dir` is no project. */
export function runDoctor(dir: string, options: { json: boolean }, io: { out: (text: string) => void; err: (text: string) => void }): number {
  const project = path.resolve(dir);
  if (!fs.existsSync(path.join(project, 'package.json'))) {
    io.err(`leash doctor: ${project} has no package.json; run it in the project's folder or pass the folder.\n`);
    return 2;
  }
  const report = diagnose(project);
  io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.findings.every((f) => f.verdict === 'instruments') ? 0 : 1;
}

function readVersion(requireFrom: NodeJS.Require, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(requireFrom.resolve(`${name}/package.json`), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function readScripts(project: string): Record<string, string> {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** `ts-patch install` patches typescript/lib/tsc.js in place; tspc patches in memory instead. */
function isTsPatched(requireFrom: NodeJS.Require): boolean {
  try {
    const tsc = fs.readFileSync(path.join(path.dirname(requireFrom.resolve('typescript/package.json')), 'lib', 'tsc.js'), 'utf8');
    return tsc.includes('tsp.') || tsc.includes('ts-patch');
  } catch {
    return false;
  }
}
