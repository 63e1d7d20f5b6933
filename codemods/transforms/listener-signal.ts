/**
 * listener-signal: `addEventListener` calls that nothing removes -> pass `{ signal }`, so the
 * listener goes away when the signal aborts.
 *
 *   target.addEventListener('message', onMessage)          -> ..., { signal })
 *   target.addEventListener('message', onMessage, true)    -> ..., { capture: true, signal })
 *   target.addEventListener('message', onMessage, { once: true }) -> { once: true, signal }
 *
 * A call is a candidate when the same function has no `removeEventListener` with the same
 * receiver, event and handler (compared as source text). The signal is the nearest one in scope
 * (a `signal` parameter or variable, `opts.signal`, `controller.signal`: see lib/signal.ts).
 *
 * Caveat: the design notes record a Node bug where, after a GC, aborting one signal shared by
 * many listeners on one target removed only one of them. Where that matters, prefer the leash
 * transformer, which removes listeners itself, and keep this codemod for code that is not
 * instrumented.
 *
 * Left alone on purpose (fixtures in __testfixtures__/listener-signal/):
 *   - no signal in scope (`no-signal-in-scope`). Reported: thread one through (thread-signal) or
 *     remove the listener by hand.
 *   - options given as a variable or a call, not a literal (`options-not-literal`): it may already
 *     carry a signal. Reported.
 *   - options that spread another object (`options-spread`). Reported.
 *   - listeners with a matching `removeEventListener` in the same function: already cleaned up.
 *   - listeners that already get a `signal` option, and `abort` listeners on a signal itself
 *     (`signal.addEventListener('abort', ...)`): passing a signal there means nothing.
 */
import { eolOf } from '../lib/imports';
import { MARKER_TEXT } from '../lib/marker';
import { signalOptionsText, signalPropertyText } from '../lib/signal';
import { asJscodeshiftTransform, type Context, type SyntacticTransform } from '../lib/transform';
import { enclosingFunction, type Path } from '../lib/tree';

export const name = 'listener-signal';

export const messages = {
  'no-signal-in-scope':
    'no AbortSignal is in scope to end this listener; pass one into the function (see thread-signal) or call removeEventListener when done',
  'options-not-literal': 'the options are not an object literal, so a signal cannot be added safely; add `signal` where the options are built',
  'options-spread': 'the options object spreads another object that may carry its own signal; add `signal` by hand',
} as const;

type Id = keyof typeof messages;

function apply(ctx: Context<Id>): void {
  for (const path of ctx.find('CallExpression', (n) => isListenerCall(n, 'addEventListener'))) {
    const call = path.node;
    const [type, handler, options] = call.arguments;
    if (!type || !handler || call.arguments.length > 3 || call.arguments.some((a: any) => a.type === 'SpreadElement')) continue;
    const receiver = ctx.text(call.callee.object);
    if (/(^|\.)signal$/i.test(receiver)) continue;
    if (options?.type === 'ObjectExpression' && options.properties.some(isSignalProperty)) continue;
    if (hasMatchingRemove(ctx, path, receiver, ctx.text(type), ctx.text(handler))) continue;
    if (!ctx.isLive(call)) continue;

    if (options && options.type !== 'ObjectExpression' && options.type !== 'BooleanLiteral') {
      ctx.skip(call, 'options-not-literal');
      continue;
    }
    if (options?.type === 'ObjectExpression' && options.properties.some((p: any) => p.type === 'SpreadElement')) {
      ctx.skip(call, 'options-spread');
      continue;
    }
    const signal = ctx.signalAt(path);
    if (!signal) {
      ctx.skip(call, 'no-signal-in-scope');
      continue;
    }
    if (!options) {
      ctx.edits.insert(handler.end, `, ${MARKER_TEXT} ${signalOptionsText(signal)}`);
    } else if (options.type === 'BooleanLiteral') {
      ctx.replace(options, [`${MARKER_TEXT} { capture: ${options.value}, ${signalPropertyText(signal)} }`]);
    } else {
      ctx.replace(options, [`${MARKER_TEXT} ${extendObjectText(ctx.text(options), signalPropertyText(signal))}`]);
    }
    ctx.migrated++;
  }
}

function isListenerCall(node: any, method: string): boolean {
  const c = node.callee;
  return (
    (c.type === 'MemberExpression' || c.type === 'OptionalMemberExpression') &&
    !c.computed &&
    c.property.type === 'Identifier' &&
    c.property.name === method
  );
}

function isSignalProperty(p: any): boolean {
  return (p.type === 'ObjectProperty' || p.type === 'ObjectMethod') && !p.computed && (p.key.name === 'signal' || p.key.value === 'signal');
}

/** `{ once: true }` + `signal` -> `{ once: true, signal }`, keeping the literal's own layout. */
function extendObjectText(text: string, property: string): string {
  const body = text.slice(1, -1);
  const trimmed = body.trimEnd();
  const tail = body.slice(trimmed.length);
  if (trimmed.trim() === '') return `{ ${property} }`;
  if (trimmed.includes('\n')) {
    const eol = eolOf(text);
    const indent = /\n([ \t]*)\S[^\n]*$/.exec(trimmed)?.[1] ?? '  ';
    return trimmed.endsWith(',') ? `{${trimmed}${eol}${indent}${property},${tail}}` : `{${trimmed},${eol}${indent}${property}${tail}}`;
  }
  if (trimmed.endsWith(',')) return `{${trimmed} ${property}${tail}}`;
  return `{${trimmed}, ${property}${tail}}`;
}

/** A `removeEventListener` with the same receiver, event and handler inside the same function (nested ones included). */
function hasMatchingRemove(ctx: Context<Id>, path: Path, receiver: string, type: string, handler: string): boolean {
  const fn = enclosingFunction(path)?.node;
  const removes = ctx.find('CallExpression', (c) => {
    if (!isListenerCall(c, 'removeEventListener') || c.arguments.length < 2) return false;
    return ctx.text(c.callee.object) === receiver && ctx.text(c.arguments[0]) === type && ctx.text(c.arguments[1]) === handler;
  });
  return removes.some((p) => {
    for (let q = p.parent; q; q = q.parent) if (q.node === fn) return true;
    return false;
  });
}

export const transform: SyntacticTransform<Id> = {
  name,
  messages,
  mayMatch: (source) => source.includes('addEventListener'),
  apply,
};

export default asJscodeshiftTransform(transform);
