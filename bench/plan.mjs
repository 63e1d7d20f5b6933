// The planner's cost on real code: CPU ms to plan every TypeScript file under a folder (one
// program, its checker warmed first; every default rule, bind mode), median of interleaved
// rounds, and how many intents it planned. `--baseline <dist folder>` plans with another build's
// planner beside this one's (`dist/`) and prints the ratio: an A/B of a change to the rules.
//   node bench/plan.mjs <folder of .ts files> [--baseline ../other/dist] [--rounds 11]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '11' } } });
const root = positionals[0] === undefined ? undefined : resolve(positionals[0]);
const rounds = Number(values.rounds);
if (root === undefined || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/plan.mjs <folder of .ts files> [--baseline ../other/dist] [--rounds 11]');
  process.exit(2);
}
const files = execFileSync('find', [root, '-name', '*.ts', '-not', '-name', '*.d.ts', '-not', '-path', '*/node_modules/*'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
if (files.length === 0) {
  console.error(`no .ts files under ${root}`);
  process.exit(2);
}
const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true });
program.getTypeChecker();
const sources = program.getSourceFiles().filter((file) => !file.isDeclarationFile && file.fileName.startsWith(root));

/** A function that plans every file with the build in `dist` and returns the number of intents. */
function planner(dist) {
  const { planFile } = require(resolve(dist, 'transformer/plan/planner.js'));
  const { createClassicPlanEnv } = require(resolve(dist, 'transformer/plan/types/classic.js'));
  const { RULES } = require(resolve(dist, 'transformer/plan/rules/index.js'));
  const { parseConfig } = require(resolve(dist, 'transformer/config.js'));
  const enabled = parseConfig({}, RULES).config.rules;
  const rules = RULES.filter((rule) => enabled.has(rule.name));
  return () => {
    const env = createClassicPlanEnv(ts, program, root);
    return sources.reduce((sum, file) => sum + planFile(env, file, rules).intents.length, 0);
  };
}

const builds = [['dist', planner(resolve(import.meta.dirname, '../dist'))]];
if (values.baseline) builds.unshift(['baseline', planner(values.baseline)]);
const times = new Map(builds.map(([name]) => [name, []]));
const intents = new Map();
for (let round = 0; round < rounds; round++) {
  for (const [name, plan] of round % 2 === 0 ? builds : [...builds].reverse()) {
    const before = process.cpuUsage();
    intents.set(name, plan());
    const used = process.cpuUsage(before);
    times.get(name).push((used.user + used.system) / 1000);
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
console.log(`planning ${sources.length} files, Node ${process.version}, median CPU ms of ${rounds} interleaved rounds`);
for (const [name] of builds) console.log(`  ${name.padEnd(8)} ${median(times.get(name)).toFixed(1).padStart(8)} ms  ${intents.get(name)} intents`);
if (values.baseline) console.log(`  ratio    ${(median(times.get('dist')) / median(times.get('baseline'))).toFixed(2)}x`);
