// The one plugin, adapted to each bundler by unplugin; `leash/<bundler>` is one of its members.
import { createUnplugin } from 'unplugin';
import { leashFactory } from './plugin.js';

export const leash = createUnplugin(leashFactory);
export type { LeashPluginOptions } from './plugin.js';
