import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../codemods/lib/transform';
import jscodeshiftTransform, { transform } from '../../codemods/transforms/bounded-concurrency';
import { describeSyntactic } from './syntactic';

describeSyntactic(transform);

describe('bounded-concurrency options and formats', () => {
  const source = 'export const f = (xs: number[]) => Promise.all(xs.map((x) => x));\r\n';

  it('writes the limit it is given', () => {
    expect(runPipeline([transform], 'f.ts', source, { limit: 3 }).output).toContain('mapLimit(xs, 3, (x) => x)');
  });

  it('keeps CRLF line endings, also on the import it adds', () => {
    expect(runPipeline([transform], 'f.ts', source).output).toBe(
      "/* leash-codemod */ import { mapLimit } from 'leash';\r\n\r\nexport const f = (xs: number[]) => /* leash-codemod */ mapLimit(xs, 8, (x) => x);\r\n",
    );
  });

  it('is a jscodeshift transform: null when nothing changes, skips as report lines', () => {
    const reports: string[] = [];
    const api = { report: (m: string) => reports.push(m) } as any;
    expect(jscodeshiftTransform({ path: 'a.ts', source: 'Promise.all([a(), b()]);\n' }, api, {})).toBeNull();
    expect(jscodeshiftTransform({ path: 'a.ts', source: 'Promise.all(xs.map(fn));\n' }, api, {})).toBeNull();
    expect(reports).toEqual([expect.stringMatching(/^a\.ts:1 bounded-concurrency\/unresolved-callback: /)]);
    expect(jscodeshiftTransform({ path: 'a.ts', source: 'Promise.all(xs.map((x) => x));\n' }, api, { limit: 2 })).toContain('mapLimit(xs, 2, (x) => x)');
  });
});
