// `import leash from 'leash/webpack'`, then `leash({ mode: 'track' })` in the webpack config.
import { leash } from './unplugin.mjs';

export default leash.webpack;
