// fixture-formats: esm
// Top-level await (ES modules only).
await new Promise((resolve) => setTimeout(resolve, 0));
export const ready = true;
