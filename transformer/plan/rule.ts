/**
 * The shape every planner rule shares: a declarative head (name, description, its option with
 * default, message ids) and visitors that look at original nodes and record intents or notes.
 */
import type * as TS from 'typescript';
import type { Intent, RuleName, Span } from './intent';
import type { TypeAdapter } from './types/adapter';

export interface RuleOption {
  /** Key in the plugin config, e.g. `timers` or `cancelAtAwait`. */
  readonly key: string;
  readonly description: string;
  /** Whether the rule runs when the config does not mention it. */
  readonly default: boolean;
  /**
   * The rule changes what the program does (not only what it registers): in `track` mode it is
   * off unless the config turns it on explicitly.
   */
  readonly changesBehaviour: boolean;
}

export interface RuleMeta<Id extends string> {
  readonly name: RuleName;
  readonly description: string;
  readonly option: RuleOption;
  /**
   * The rule cannot decide without a type checker. With none (a bundler without TypeScript) it
   * is skipped, and the host says so once per build.
   */
  readonly needsTypes: boolean;
  /** Message per id: why a place was left alone, and how to get it rewritten or silence it. */
  readonly messages: Readonly<Record<Id, string>>;
}

/** What a rule sees while it visits one file. Every node it gets is an original (parsed) node. */
export interface RuleContext<Id extends string = string> {
  readonly ts: typeof TS;
  readonly file: TS.SourceFile;
  /** The type questions a rule may ask (classic checker, TypeScript 7 over IPC, or none). */
  readonly types: TypeAdapter;
  /** Site id for a node: `path:line:col`, plus ` name` of the enclosing named function (util/site.ts). */
  site(node: TS.Node): string;
  /** `{ start, end }` of a node in the original text. */
  span(node: TS.Node): Span;
  add(intent: Intent): void;
  note(messageId: Id, node: TS.Node): void;
  /** Whether an earlier rule rewrites `node` into something that starts a resource: a timer, a listener, a task (not a clear, a remove or a signal). */
  startsResource(node: TS.Node): boolean;
  /** Whether the rule of this name runs in this build (a rule may defer to another: signals to ownership). */
  ruleEnabled(name: RuleName): boolean;
  /** Whether the call resolves to a declaration in leash's own runtime (never rewritten). */
  isRuntimeCall(node: TS.CallExpression): boolean;
}

export interface Rule<Id extends string = string> extends RuleMeta<Id> {
  readonly call?: (node: TS.CallExpression, ctx: RuleContext<Id>) => void;
  readonly new?: (node: TS.NewExpression, ctx: RuleContext<Id>) => void;
  readonly await?: (node: TS.AwaitExpression, ctx: RuleContext<Id>) => void;
  /**
   * After the walk, with every rule's intents for the file: returns them, less any of this rule's
   * that the whole plan shows to be needless (ownership: a held call whose code starts nothing).
   */
  readonly finish?: (intents: readonly Intent[], ctx: RuleContext<Id>) => readonly Intent[];
}

/** Identity helper that checks a rule against its own message ids. */
export function defineRule<Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}
