/** Every planner rule, in the order they look at a node (ownership last: it wraps what the others rewrote). A rule's file, fixtures folder and README section share its name. */
import type { Rule } from '../rule';
import callerSites from './caller-sites';
import cancelAtAwait from './cancel-at-await';
import listeners from './listeners';
import ownership from './ownership';
import signals from './signals';
import tasks from './tasks';
import timers from './timers';

export const RULES: readonly Rule[] = [timers, listeners, tasks, signals, cancelAtAwait, callerSites, ownership];
