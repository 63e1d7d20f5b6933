// `import leash from 'leash/vite'`, then `leash({ mode: 'track' })` in the vite config.
import { leash } from './unplugin.mjs';

export default leash.vite;
