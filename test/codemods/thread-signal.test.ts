import { describe, expect, it } from 'vitest';
import { threadSignalProject } from '../../codemods/transforms/thread-signal';
import { cases, FIXTURES, orphanOutputs } from './fixtures';
import * as path from 'node:path';

// The cases are independent modules, so one program over all of them gives each the result it
// would get alone, for a fraction of the time (one program instead of one per case).
describe('thread-signal', () => {
  const all = cases('thread-signal');
  const inputs = threadSignalProject(all.map((c) => ({ path: c.inputPath, source: c.input })));
  const outputs = threadSignalProject(all.filter((c) => c.output !== null).map((c) => ({ path: c.outputPath, source: c.output! })));

  it('has fixtures, an already-migrated case and no orphan outputs', () => {
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((c) => c.name)).toContain('already-migrated');
    expect(orphanOutputs('thread-signal')).toEqual([]);
  });

  for (const c of all) {
    it(`${c.name}: ${c.output === null ? 'stays unchanged' : 'matches the expected output'}${c.skips.length ? ` and reports ${c.skips.join(', ')}` : ''}`, () => {
      expect(inputs.outputs.get(c.inputPath) ?? null).toBe(c.output);
      expect(inputs.outcomes.get(c.inputPath)!.skips.map((s) => s.id)).toEqual(c.skips);
    });
    if (c.output !== null) {
      it(`${c.name}: running again on the output changes nothing`, () => {
        expect(outputs.outputs.get(c.outputPath)).toBeUndefined();
      });
    }
  }

  it('threads a signal through callers in other files, transitively', () => {
    const dir = path.join(FIXTURES, 'thread-signal', 'virtual');
    const files = [
      { path: path.join(dir, 'api.ts'), source: `export async function getJson(url: string) {\n  return (await fetch(url)).json();\n}\n` },
      {
        path: path.join(dir, 'service.ts'),
        source: `import { getJson } from './api';\n\nexport async function profile(id: string) {\n  return getJson('/p/' + id);\n}\n`,
      },
      {
        path: path.join(dir, 'handler.ts'),
        source: `import { profile } from './service';\n\nexport async function handle(req: { id: string; signal: AbortSignal }) {\n  return profile(req.id);\n}\n`,
      },
    ];
    const result = threadSignalProject(files);
    expect(result.outputs.get(files[0]!.path)).toContain('getJson(url: string, /* leash-codemod */ signal?: AbortSignal)');
    expect(result.outputs.get(files[0]!.path)).toContain('fetch(url, /* leash-codemod */ { signal })');
    expect(result.outputs.get(files[1]!.path)).toContain(`profile(id: string, /* leash-codemod */ signal?: AbortSignal)`);
    expect(result.outputs.get(files[1]!.path)).toContain(`getJson('/p/' + id, /* leash-codemod */ signal)`);
    // The handler already has a signal (req.signal): it passes that and gains no parameter.
    expect(result.outputs.get(files[2]!.path)).toContain('profile(req.id, /* leash-codemod */ req.signal)');
    expect(result.outputs.get(files[2]!.path)).toContain('handle(req: { id: string; signal: AbortSignal })');
  });
});
