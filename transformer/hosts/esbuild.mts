// `import leash from 'leash/esbuild'`, then `leash({ mode: 'track' })` in the esbuild config.
import { leash } from './unplugin.mjs';

export default leash.esbuild;
