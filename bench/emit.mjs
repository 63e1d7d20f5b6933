// The text emitter's cost on wrapped calls of each shape (a plain call, calls holding callbacks,
// one on several lines, one holding a branch): ms to write 1,000 of them into a module, median
// of interleaved rounds. `--baseline <dist folder>` times another build's emitter beside this
// one's (`dist/`) and prints the ratio: an A/B of a change to the emitter. `--mapped` writes as
// the bundler plugins and leash/vitest do (`EmitOptions.mapped`: callbacks move across lines too).
//   node bench/emit.mjs [--baseline ../other/dist] [--rounds 15] [--mapped]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const { values } = parseArgs({ options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '15' }, mapped: { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
const load = (dist) => require(resolve(dist, 'transformer/emit/text.js')).emitText;
const builds = [['dist', load(resolve(import.meta.dirname, '../dist'))]];
if (values.baseline) builds.unshift(['baseline', load(values.baseline)]);

const shapes = {
  'plain call': (i) => `save(item${i});`,
  'catch callback': (i) => `save(item${i}).catch(() => {});`,
  'then, two callbacks': (i) => `load().then(function (text) { log(text, ${i}); }, (error) => log(error));`,
  'callback on lines': (i) => `save(item${i}).catch((error) => {\n  log(error);\n});`,
  'branch inside': (i) => `save(item${i} ?? other).catch(() => undefined);`,
};
const CALLS = 1000;

/** The module and a plan with a spawn intent on each statement's call. */
function module(shape) {
  const code = `export function handle(item0, other) {\n${Array.from({ length: CALLS }, (_, i) => shape(i)).join('\n')}\n}\n`;
  const file = ts.createSourceFile('src/a.ts', code, ts.ScriptTarget.Latest, true);
  const intents = [];
  const visit = (node) => {
    if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
      const call = node.expression;
      intents.push({ kind: 'spawn', rule: 'tasks', site: `src/a.ts:${call.getStart()}`, node: { start: call.getStart(), end: call.end } });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { code, file, plan: { file: 'src/a.ts', notes: [], failures: [], intents } };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(`text emitter${values.mapped ? ' (mapped)' : ''}, ${CALLS} wrapped calls per module, median of ${rounds} interleaved rounds, Node ${process.version}`);
for (const [name, shape] of Object.entries(shapes)) {
  const { code, file, plan } = module(shape);
  const times = new Map(builds.map(([label]) => [label, []]));
  for (let round = 0; round < rounds + 2; round++) {
    for (const [label, emitText] of round % 2 === 0 ? builds : [...builds].reverse()) {
      const start = performance.now();
      emitText(ts, { code, original: file }, plan, { mode: 'track', requireRuntime: false, mapped: values.mapped });
      if (round >= 2) times.get(label).push(performance.now() - start);
    }
  }
  const cells = builds.map(([label]) => `${label} ${median(times.get(label)).toFixed(1)} ms`);
  const ratio = builds.length === 2 ? `  ratio ${(median(times.get('dist')) / median(times.get('baseline'))).toFixed(2)}x` : '';
  console.log(`${name.padEnd(22)} ${cells.join('  ')}${ratio}`);
}
