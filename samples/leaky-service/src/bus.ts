/**
 * Process-wide event sources. They live as long as the process, so whatever listens on them
 * lives that long too, unless someone removes it.
 */
import { EventEmitter } from 'node:events';

/** Settings changes: `emit('change', key, value)`. One emitter for the whole process. */
export const settings = new EventEmitter();

/**
 * The audit log's bus: entries go out as `'entry'`, and the auditor answers each with
 * `'ack:<id>'`. In this sample the auditor is down: nobody ever answers.
 */
export const audit = new EventEmitter();

/** The process lifecycle, as an EventTarget: `'drain'` is dispatched before a shutdown. */
export const lifecycle = new EventTarget();
