// Types of paths.mjs, for TypeScript tests that import it.
export declare const compatDir: string;
export declare const node22: string;
export declare const node24: string;
export declare function compatModules(name: string): string;
