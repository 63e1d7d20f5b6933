/**
 * caller-sites: a call into leash's own API that registers tasks or timers (`mapLimit`,
 * `mapSettledLimit`, `withTimeout`, `withDeadline`, `withCancel`, `TaskGroup.go`/`tryGo`,
 * `sleep`) passes its own site with the argument the API reads it from:
 * `mapLimit(items, 4, leash.at("src/jobs.ts:12:9 sync", fn))`. What the API registers is then
 * named by the caller's line instead of `leash:mapLimit` (runtime/caller.ts). The call itself,
 * and every argument's value, stay as they are.
 *
 * Matched by resolved declaration (the adapter's `runtimeApi`), never by name: an import alias,
 * a namespace import (`leash.mapLimit`) and a method on a `TaskGroup` all count; a function of
 * the same name from elsewhere does not. `limit`, `detach` and `Scope` register nothing by
 * themselves, so they take no site.
 *
 * Skips, each with a fixture:
 * - the argument the API reads the site from is in a spread (`mapLimit(...args)`): there is no
 *   argument to wrap, so the API reports `leash:mapLimit` (`spreadArgument`).
 */
import { defineRule } from '../rule';

/** leash's API that registers something, and the parameter its runtime reads the caller's site with (`callerSite(...)`). */
const SITE_ARGUMENT: Readonly<Record<string, number>> = {
  mapLimit: 2,
  mapSettledLimit: 2,
  withTimeout: 1,
  withDeadline: 1,
  withCancel: 0,
  sleep: 0,
  'TaskGroup.go': 0,
  'TaskGroup.tryGo': 0,
};

export default defineRule({
  name: 'caller-sites',
  description: "Names what leash's own API (mapLimit, withTimeout, TaskGroup.go, sleep, ...) registers by the line that called it.",
  option: {
    key: 'callerSites',
    description: "Pass each call's site to leash's own API (`mapLimit(items, n, leash.at(site, fn))`), so its tasks and timers are reported at the caller's line rather than as `leash:mapLimit`.",
    default: true,
    changesBehaviour: false,
  },
  needsTypes: true, // which calls are leash's API is decided by their resolved declaration

  messages: {
    spreadArgument: "leash's API called with a spread argument gets no site: what it registers is reported as `leash:<api>`. Pass the arguments one by one to have it named by this line.",
  },
  call(node, ctx) {
    const { ts } = ctx;
    const api = ctx.types.runtimeApi(node);
    const index = api === undefined ? undefined : SITE_ARGUMENT[api];
    if (index === undefined) return;
    const args = node.arguments;
    if (args.slice(0, index + 1).some((arg) => ts.isSpreadElement(arg))) return ctx.note('spreadArgument', node);
    const argument = args[index];
    if (argument === undefined) return; // a type error: the call does not type-check, and leash leaves it alone
    ctx.add({ kind: 'caller-site', rule: 'caller-sites', site: ctx.site(node), node: ctx.span(node), index, argument: ctx.span(argument) });
  },
});
