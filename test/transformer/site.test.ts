// Site ids name the function a resource was started in; an anonymous function takes its name
// from where it stands: the variable, property, field or assignment it is given to, or the call
// that registers it under a string key (`handler in app.get('/x')`).
import type * as TS from 'typescript';
import { describe, expect, test } from 'vitest';
import { pathFromRoot, siteId } from '../../transformer/plan/util/site';
import { loadTypeScript } from './harness';

const ts = loadTypeScript('ts6');

/** The site id of the `setTimeout(...)` call in `code`. */
function siteOf(code: string): string {
  const file = ts.createSourceFile('src/a.ts', code, ts.ScriptTarget.ES2022, true);
  let found: TS.CallExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (found === undefined && ts.isCallExpression(node) && node.expression.getText(file) === 'setTimeout') found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) throw new Error(`no setTimeout call in ${code}`);
  return siteId(ts, file, 'src/a.ts', found);
}

describe('anonymous functions are named by their context', () => {
  test.each([
    ['a variable', 'const f = () => setTimeout(g, 1);', 'src/a.ts:1:17 f'],
    ['a variable, through parentheses and `as`', 'const f = ((() => setTimeout(g, 1)) as () => void);', 'src/a.ts:1:19 f'],
    ['an object property', 'const handlers = {\n  onTick: () => setTimeout(g, 1),\n};', 'src/a.ts:2:17 onTick'],
    ['a class field', 'class Poller {\n  tick = () => setTimeout(g, 1);\n}', 'src/a.ts:2:16 Poller.tick'],
    ['an assignment to a property', 'this.onTick = () => setTimeout(g, 1);', 'src/a.ts:1:21 onTick'],
    ['an assignment to a name', 'let f; f = function () { setTimeout(g, 1); };', 'src/a.ts:1:26 f'],
    ["a route handler", "app.get('/x', async (req, res) => {\n  setTimeout(g, 1);\n});", "src/a.ts:2:3 handler in app.get('/x')"],
    ['a listener after other arguments', "this.bus.on('data', auth, function () { setTimeout(g, 1); });", "src/a.ts:1:41 handler in this.bus.on('data')"],
    ['a long or quoted key, cut and escaped', "test(\"it's a very long test name that goes on and on and on\", () => setTimeout(g, 1));", "src/a.ts:1:69 handler in test('it\\'s a very long test name that goes on…')"],
  ])('%s', (_case, code, expected) => {
    expect(siteOf(code)).toBe(expected);
  });

  test('a callback without a string key takes the name of the function around it', () => {
    expect(siteOf('function start() {\n  items.forEach(() => setTimeout(g, 1));\n}')).toBe('src/a.ts:2:23 start');
    expect(siteOf('function start() {\n  run(`a${b}`, () => setTimeout(g, 1));\n}')).toBe('src/a.ts:2:22 start');
  });

  test('a named function keeps its own name, and an immediately called arrow is not a registration', () => {
    expect(siteOf("app.get('/x', function handle() { setTimeout(g, 1); });")).toBe('src/a.ts:1:35 handle');
    expect(siteOf("(() => setTimeout(g, 1))('/x');")).toBe('src/a.ts:1:8');
  });
});

describe('the path in a site id', () => {
  test("is from the tsconfig's folder, with ../ steps for a file outside it, never absolute", () => {
    const path = pathFromRoot('/work/repo/app');
    expect([path('/work/repo/app/src/a.ts'), path('/work/repo/shared/clock.ts'), path('/elsewhere/b.ts')]).toEqual(['src/a.ts', '../shared/clock.ts', '../../../elsewhere/b.ts']);
  });
});
