/** Records how many tracked calls run at once, and the most that ever did. */
export const counter = { active: 0, peak: 0 };

export function resetCounter(): void {
  counter.active = 0;
  counter.peak = 0;
}

export async function track<T>(fn: () => Promise<T>): Promise<T> {
  counter.peak = Math.max(counter.peak, ++counter.active);
  try {
    return await fn();
  } finally {
    counter.active--;
  }
}
