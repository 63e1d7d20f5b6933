// Golden tests on TypeScript 6: each fixture's ESM and CommonJS output, its notes, and that it parses.
import { defineGoldenSuite } from './golden-suite';

defineGoldenSuite('ts6');
