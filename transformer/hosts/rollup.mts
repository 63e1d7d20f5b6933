// `import leash from 'leash/rollup'`, then `leash({ mode: 'track' })` in the rollup config.
import { leash } from './unplugin.mjs';

export default leash.rollup;
