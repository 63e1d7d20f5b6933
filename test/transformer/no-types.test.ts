// With no type checker (a bundler without TypeScript), the rules that need types are skipped and
// the host gets one notice naming them, instead of a silently uninstrumented build.
import { expect, test } from 'vitest';
import { createPlanEnv, planFile, runnableRules, skippedRulesNotice } from '../../transformer/plan/planner';
import { RULES } from '../../transformer/plan/rules';
import { NO_TYPES } from '../../transformer/plan/types/adapter';
import { loadTypeScript } from './harness';

const ts = loadTypeScript('ts6');
const SOURCE = `
export async function load(signal?: AbortSignal): Promise<void> {
  setTimeout(() => undefined, 10);
  void fetch('http://127.0.0.1/');
  await Promise.resolve();
}
`;

test('without types, every rule that needs them is skipped and named in one notice', () => {
  const { run, skipped } = runnableRules(NO_TYPES, RULES);
  expect(skipped.map((rule) => rule.name)).toEqual(RULES.filter((rule) => rule.needsTypes).map((rule) => rule.name));
  expect(run.every((rule) => !rule.needsTypes)).toBe(true);
  const notice = skippedRulesNotice(skipped);
  expect(notice).toMatch(/^\[leash\] no TypeScript type checker is available/);
  for (const rule of skipped) expect(notice).toContain(rule.name);
  expect(skippedRulesNotice([])).toBeUndefined();
});

test('without types the planner rewrites nothing a rule needing types would decide', () => {
  const env = createPlanEnv({ ts, types: () => NO_TYPES, root: '/project', readFile: () => undefined });
  const file = ts.createSourceFile('/project/src/load.ts', SOURCE, ts.ScriptTarget.ES2022, true);
  const plan = planFile(env, file, RULES);
  expect(plan.intents).toEqual([]);
  expect(plan.failures).toEqual([]);
});
