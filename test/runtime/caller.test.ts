// Caller sites: leash's own API names what it registers by the line of its instrumented caller
// (`hooks.at(site, argument)`), and by `leash:<api>` — said plainly in the report — otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import * as hooks from '../../runtime/hooks';
import { mapLimit, mapSettledLimit, registry, Scope, sleep, TaskGroup, withCancel, withDeadline, withTimeout } from '../../runtime/index';
import { find } from '../../runtime/testing';

const SITE = 'src/jobs.ts:12:9 handler in app.get(\'/x\')';

afterEach(() => expect(find()).toEqual([]));

/** Runs `start` in a scope, returns the sites of what is alive in it right after, then lets it all finish. */
async function sitesOf(start: (release: Promise<void>) => unknown): Promise<string[]> {
  let open!: () => void;
  const release = new Promise<void>((resolve) => (open = resolve));
  const scope = new Scope({ name: 'request' });
  const done = scope.run(() => start(release));
  const sites = registry.snapshot({ scope }).sites.map((site) => `${site.kind} ${site.site}${site.function ? ` ${site.function}` : ''}`);
  open();
  await Promise.resolve(done).catch(() => undefined);
  scope.abort();
  return sites;
}

describe('an instrumented caller names the line', () => {
  const cases: Array<[string, (release: Promise<void>) => unknown, string]> = [
    ['mapLimit', (release) => mapLimit([1, 2], 2, hooks.at(SITE, () => release)), 'task'],
    ['mapSettledLimit', (release) => mapSettledLimit([1], 1, hooks.at(SITE, () => release)), 'task'],
    ['withTimeout', (release) => withTimeout(1000, hooks.at(SITE, () => release)), 'task'],
    ['withDeadline', (release) => withDeadline(Date.now() + 1000, hooks.at(SITE, () => release)), 'task'],
    ['withCancel', (release) => withCancel(hooks.at(SITE, () => release)), 'task'],
    ['sleep', () => sleep(hooks.at(SITE, 5)), 'timeout'],
    ['TaskGroup.go', (release) => { const group = new TaskGroup(); group.go(hooks.at(SITE, () => release)); return group.wait(); }, 'task'],
    ['TaskGroup.tryGo', (release) => { const group = new TaskGroup(); group.tryGo(hooks.at(SITE, () => release)); return group.wait(); }, 'task'],
  ];
  it.each(cases)('%s', async (_api, start, kind) => {
    expect(await sitesOf(start)).toEqual([`${kind} src/jobs.ts:12:9 handler in app.get('/x')`]);
  });

  it('a queued TaskGroup function keeps the site of the go that queued it', async () => {
    const group = new TaskGroup({ limit: 1 });
    const gates = [0, 1].map(() => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      return { gate, open };
    });
    const live = (): string[] => find().map((leak) => `${leak.site} ${leak.function}`);
    group.go(hooks.at('src/a.ts:1:1 first', () => gates[0]!.gate));
    group.go(hooks.at('src/a.ts:2:1 second', () => gates[1]!.gate));
    expect(live()).toEqual(['src/a.ts:1:1 first']);
    gates[0]!.open();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(live()).toEqual(['src/a.ts:2:1 second']);
    gates[1]!.open();
    await group.wait();
  });
});

describe('the site reaches only the call whose argument carries it', () => {
  it('a leash call made while later arguments are evaluated does not take it', async () => {
    const inner: Array<Promise<unknown>> = [];
    const sites = await sitesOf((release) =>
      mapLimit([1], 1, hooks.at(SITE, () => release), (inner.push(withCancel(() => release)), {})),
    );
    expect(sites.sort()).toEqual(['task leash:withCancel', `task src/jobs.ts:12:9 handler in app.get('/x')`]);
    await Promise.all(inner);
  });

  it('a site whose call never reached leash (a mocked API) is not given to a later call', async () => {
    const mocked = (_items: unknown, _n: number, fn: unknown) => fn;
    mocked([1], 1, hooks.at(SITE, () => undefined));
    expect(await sitesOf((release) => withCancel(() => release))).toEqual(['task leash:withCancel']);
  });
});

describe('an uninstrumented caller', () => {
  it('is reported as leash:<api>, and the report says why and what to do, once', async () => {
    let open!: () => void;
    const release = new Promise<void>((resolve) => (open = resolve));
    const scope = new Scope({ name: 'request' });
    const done = scope.run(() => Promise.all([mapLimit([1, 2], 2, () => release), withTimeout(1000, () => release)]));
    const text = registry.format(registry.snapshot({ scope }));
    open();
    await done;
    scope.abort();
    const lines = text.split('\n');
    expect(lines.filter((line) => line.includes('did not instrument'))).toEqual([
      "leash:mapLimit, leash:withTimeout: leash's own API called from code that leash did not instrument, so the calling line is not known. Build that code with leash to see it (`npx leash doctor` shows which pipelines instrument).",
    ]);
    expect(text).toMatch(/^2 live {2}task {6}leash:mapLimit {2}/m);
  });
});
