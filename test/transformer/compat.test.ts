// TypeScript 5.9: the same golden fixtures as TypeScript 6 (install: node test/compat/install.mjs).
import { defineGoldenSuite } from './golden-suite';

defineGoldenSuite('ts59');
