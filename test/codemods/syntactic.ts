/** The shared test body for a syntactic transform: every fixture, its skips, idempotency. */
import { describe, expect, it } from 'vitest';
import { runPipeline, type SyntacticTransform } from '../../codemods/lib/transform';
import { cases, orphanOutputs } from './fixtures';

export function describeSyntactic(transform: SyntacticTransform<any>): void {
  describe(transform.name, () => {
    const all = cases(transform.name);

    it('has fixtures, an already-migrated case and no orphan outputs', () => {
      expect(all.length).toBeGreaterThan(3);
      expect(all.map((c) => c.name)).toContain('already-migrated');
      expect(orphanOutputs(transform.name)).toEqual([]);
    });

    for (const c of all) {
      it(`${c.name}: ${c.output === null ? 'stays unchanged' : 'matches the expected output'}${c.skips.length ? ` and reports ${c.skips.join(', ')}` : ''}`, () => {
        const { output, outcomes } = runPipeline([transform], c.inputPath, c.input, { limit: 8 });
        expect(output).toBe(c.output);
        expect(outcomes[0]!.skips.map((s) => s.id)).toEqual(c.skips);
        for (const s of outcomes[0]!.skips) expect(s.line).toBeGreaterThan(0);
      });
      if (c.output !== null) {
        it(`${c.name}: running again on the output changes nothing`, () => {
          const again = runPipeline([transform], c.outputPath, c.output!, { limit: 8 });
          expect(again.output).toBeNull();
        });
      }
    }
  });
}
