declare function compute(): Promise<number>;

export const result = () =>
  Promise.race([new Promise<never>(function (_, reject) { setTimeout(() => reject('timeout'), 250); }), compute()]);
