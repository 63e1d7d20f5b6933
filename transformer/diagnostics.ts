/**
 * leash's own diagnostics. Each names where it comes from (`leash/config`, `leash/<rule>`,
 * `leash/plan`, `leash/emit`) in its text, carries a fixed numeric code per source for tsc's `TS<code>`, and
 * keeps its message id in `leash.messageId` for tests and tools.
 */
import type * as TS from 'typescript';
import type { RuleName, Span } from './plan/intent';

export type DiagnosticSource = 'config' | 'plan' | 'emit' | RuleName;

export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticSource, number>> = {
  config: 99001,
  timers: 99002,
  listeners: 99003,
  tasks: 99004,
  signals: 99005,
  'cancel-at-await': 99006,
  emit: 99007,
  plan: 99008,
  ownership: 99009,
  'caller-sites': 99010,
};

export interface LeashDiagnostic extends TS.Diagnostic {
  readonly leash: { readonly source: `leash/${DiagnosticSource}`; readonly messageId: string };
}

export interface DiagnosticInput {
  readonly source: DiagnosticSource;
  readonly messageId: string;
  readonly message: string;
  readonly category: 'error' | 'warning';
  readonly file?: TS.SourceFile;
  readonly span?: Span;
}

export function createDiagnostic(ts: typeof TS, input: DiagnosticInput): LeashDiagnostic {
  return {
    file: input.file,
    start: input.span?.start,
    length: input.span === undefined ? undefined : input.span.end - input.span.start,
    messageText: `leash/${input.source}: ${input.message}`,
    category: input.category === 'error' ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
    code: DIAGNOSTIC_CODES[input.source],
    source: `leash/${input.source}`,
    leash: { source: `leash/${input.source}`, messageId: input.messageId },
  };
}

/** The message for an exception leash hit while planning or emitting: the code is left as it was. */
export function internalErrorMessage(what: string, error: unknown): string {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `could not ${what} (${detail}); it is emitted unchanged. Add \`// leash-ignore\` on the line before to silence this, and please report it.`;
}
