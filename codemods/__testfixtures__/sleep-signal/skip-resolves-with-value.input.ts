// skips: resolves-with-value, resolves-with-value
export function later<T>(value: T, ms: number) {
  return new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
}

export function typed(ms: number) {
  return new Promise<number>((resolve) => setTimeout(resolve, ms));
}
