// `import leash from 'leash/rolldown'`, then `leash({ mode: 'track' })` in the rolldown config.
import { leash } from './unplugin.mjs';

export default leash.rolldown;
