// A held call into the program's own code runs in the root scope (`leash.detach`) only when
// that code may start something leash binds (transformer/plan/util/inert.ts): code of this file
// that starts nothing — a factory of plain objects, a class over a library base — stays as
// written, with no thunk for coverage to count and no AsyncLocalStorage `run` per call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createFixtureProgram, loadTypeScript } from './harness';

const ts = loadTypeScript('ts6');
const dir = mkdtempSync(join(tmpdir(), 'leash-inert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const main = join(dir, 'main.ts');
writeFileSync(join(dir, 'other.ts'), 'export function elsewhere(): object {\n  return {};\n}\n');
writeFileSync(
  main,
  `import { EventEmitter } from 'node:events';
import { elsewhere } from './other';

function plainNode(): { children: Map<string, unknown> } {
  return { children: new Map() };
}
function ticking(): number {
  return setInterval(() => undefined, 1_000) as unknown as number;
}
function viaTicking(): number {
  return ticking();
}
function ping(n: number): number {
  return n > 0 ? pong(n - 1) : 0;
}
function pong(n: number): number {
  return ping(n);
}
class Bus extends EventEmitter {}
class Listening extends EventEmitter {
  constructor() {
    super();
    process.on('exit', () => undefined);
  }
}
class Child extends Listening {}
// Methods run when called, in their caller's scope: \`new\` runs the constructor, which may call one.
class Poller {
  poll(): void {
    setInterval(() => undefined, 1_000);
  }
}
class Starter {
  constructor() {
    this.#start();
  }
  #start(): void {
    setInterval(() => undefined, 1_000);
  }
}
// What a factory returns runs when called, in its caller's scope; what it calls before returning runs now.
function verb(method: string): { start(): number; stop: () => void } {
  return { start: () => setInterval(() => undefined, 1_000) as unknown as number, stop() {} };
}
function startedNow(): () => void {
  const start = () => setInterval(() => undefined, 1_000);
  start();
  return () => start();
}
const arrow = (): object => ({});
let swappable = (): object => ({});

export const held = {
  plain: plainNode(),
  ticking: ticking(),
  transitive: viaTicking(),
  cycle: ping(3),
  bus: new Bus(),
  listening: new Listening(),
  child: new Child(),
  poller: new Poller(),
  starter: new Starter(),
  arrow: arrow(),
  verb: verb('GET'),
  startedNow: startedNow(),
  swappable: swappable(),
  elsewhere: elsewhere(),
};
`,
);

test('held calls are detached exactly where the code they run may start something', () => {
  const program = createFixtureProgram(ts, 'esm', [main]);
  const plan = program.plan(main);
  const text = program.program.getSourceFile(main)!.text;
  const detached = plan.intents.filter((intent) => intent.kind === 'detach').map((intent) => text.slice(intent.node.start, intent.node.end));
  // (The listener a constructor adds is held by the object being built: detached as before.)
  expect(detached.sort()).toEqual(['elsewhere()', 'new Child()', 'new Listening()', "process.on('exit', () => undefined)", 'new Starter()', 'startedNow()', 'swappable()', 'this.#start()', 'ticking()', 'viaTicking()'].sort());
});
