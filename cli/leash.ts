#!/usr/bin/env node
/**
 * The `leash` command. Subcommands:
 *   codemod <name|all> <paths...>   migrate sources (see codemods/README.md)
 *   doctor [dir]                    which pipelines instrument with leash, and what to change
 *   build [-p tsconfig.json]        the project's own tsc, its output instrumented (any TypeScript, 7 included)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { descriptions, transformNames } from '../codemods/names';
import type * as CodemodCli from './codemod';
import { runBuild } from './build';
import { runDoctor } from './doctor';

function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'leash') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

/** Whether a package the user's project may provide (an optional peer) can be loaded from here. */
function resolvable(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected an integer from 1 up, got "${value}".`);
  return n;
}

const program = new Command('leash').description('Scopes, leak reports and codemods for TypeScript services.').version(packageVersion());

const transformList = transformNames.map((n) => `  ${n.padEnd(20)} ${descriptions[n] ?? ''}`).join('\n');

program
  .command('codemod')
  .description('Rewrite sources to bounded-concurrency, signal-aware code. Writes files unless --dry or --print.')
  .argument('<transform>', `all, one of ${transformNames.join(', ')}, or a comma-separated list`)
  .argument('<paths...>', 'files or directories (node_modules and build folders are skipped)')
  .option('-d, --dry', 'print a unified diff instead of writing')
  .option('-p, --print', 'print each changed file instead of writing')
  .option('--json', 'print the summary as JSON (with --dry, each file carries its diff)')
  .option('--limit <n>', 'concurrency limit written into mapLimit calls', parseLimit, 8)
  .option('--exclude <glob>', 'leave out files matching this glob (relative to the working directory); repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[])
  .option('--include-tests', 'let thread-signal edit test files too (by default it leaves *.test.*, *.spec.*, test/ and __tests__/ alone)')
  .option('--thread-exported', 'let thread-signal add a signal parameter to exported functions and methods (a public API change)')
  .option('--no-format', "leave changed files as the codemod wrote them instead of running the repository's prettier/biome/oxfmt/eslint --fix")
  .option('--typescript <module>', 'the TypeScript package thread-signal plans with (default: the project\'s typescript)')
  .option('--fail-on-error', 'accepted for older scripts: any failed file exits with 1 anyway')
  .option('--force', 'rewrite files even when git shows uncommitted changes in them')
  .option('--tsconfig <file>', 'compiler options for thread-signal (default: the nearest tsconfig.json)')
  .option('--run-in-band', 'transform in this thread instead of worker threads')
  .addHelpText('after', `\nTransforms:\n  all                  every transform below but bounded-concurrency (it changes scheduling: ask for it by name)\n${transformList}\n`)
  .action(async (transform: string, paths: string[], opts: Record<string, unknown>) => {
    if (!resolvable('jscodeshift')) {
      process.stderr.write(
        'leash codemod: jscodeshift is not installed, and the codemods run on it. leash does not depend on it, so that\n' +
          '`npm i leash` stays free of dependencies. Either add it to the project: npm i -D jscodeshift\n' +
          `or run once without installing anything: npx -p leash -p jscodeshift leash codemod ${process.argv.slice(3).join(' ')}\n`,
      );
      process.exitCode = 2;
      return;
    }
    // Loaded here, not at the top: the codemods need jscodeshift, the other commands do not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; import() would make this file ESM-only
    const { runCodemod } = require('./codemod') as typeof CodemodCli;
    process.exitCode = await runCodemod(
      transform,
      paths,
      {
        dry: Boolean(opts['dry']),
        print: Boolean(opts['print']),
        json: Boolean(opts['json']),
        limit: opts['limit'] as number,
        failOnError: Boolean(opts['failOnError']),
        force: Boolean(opts['force']),
        ...(opts['tsconfig'] ? { tsconfig: opts['tsconfig'] as string } : {}),
        ...(opts['runInBand'] ? { runInBand: true } : {}),
        ...(opts['typescript'] ? { typescript: opts['typescript'] as string } : {}),
        exclude: opts['exclude'] as string[],
        includeTests: Boolean(opts['includeTests']),
        threadExported: Boolean(opts['threadExported']),
        format: opts['format'] !== false,
      },
      { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) },
    );
  });

program
  .command('doctor')
  .description('Say which of the project\'s pipelines (tsc, Vite, vitest, Rollup, webpack, tsx, ...) instrument with leash and which do not, and what to change. Exits 1 when one does not.')
  .argument('[dir]', 'the project folder (with its package.json)', '.')
  .option('--json', 'print the findings as JSON')
  .action((dir: string, opts: Record<string, unknown>) => {
    process.exitCode = runDoctor(dir, { json: Boolean(opts['json']) }, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  });

function parseMode(value: string): 'bind' | 'track' {
  if (value !== 'bind' && value !== 'track') throw new InvalidArgumentError(`expected bind or track, got "${value}".`);
  return value;
}

program
  .command('build')
  .description("Type-check and emit with the project's own tsc (TypeScript 7, 6.0 or 5.9), then instrument the emitted JavaScript with leash; exits with tsc's exit code.")
  .option('-p, --project <path>', 'tsconfig.json, or the folder holding it', 'tsconfig.json')
  .option('--mode <mode>', 'bind (resources end with their scope) or track (register only); default: the tsconfig plugin entry\'s, else bind', parseMode)
  .option('-w, --watch', 'build again whenever a source file or tsconfig changes')
  .action(async (opts: Record<string, unknown>) => {
    process.exitCode = await runBuild(
      { project: opts['project'] as string, ...(opts['mode'] ? { mode: opts['mode'] as 'bind' | 'track' } : {}), watch: Boolean(opts['watch']) },
      { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
    );
  });

program.showHelpAfterError('(run with --help for usage)');
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`leash: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
