/**
 * leash: scopes, bounded concurrency and a registry of what is alive — Go's `context`,
 * `errgroup` and goroutine profile for TypeScript. This file is the one export list.
 */
export { Scope, currentScope, rootScope, type ScopeOptions } from './scope';
export { withTimeout, withDeadline, withCancel, detach, shutdown, type ShutdownOptions } from './context';
export { signal } from './signals';
export { TaskGroup, type TaskGroupOptions } from './group';
export { mapLimit, mapSettledLimit, limit, type Limiter, type MapLimitOptions } from './limit';
export { sleep, type SleepOptions } from './sleep';
export { registry, type Leak, type Snapshot, type SiteReport, type MonitorOptions, type Warning } from './report';
export { LeashError, canceled, deadlineExceeded } from './errors';
export { configure, type Config, type Mode } from './config';
export type { Kind } from './entry';
