// skips: loop-shape, loop-shape, loop-shape
declare function send(to: string): Promise<void>;

export async function withBreak(to: string[]) {
  const sends = [];
  for (const t of to) {
    if (!t) break;
    sends.push(send(t));
  }
  await Promise.all(sends);
}

export async function classicLoop(to: string[]) {
  const sends: Promise<void>[] = [];
  for (let i = 0; i < to.length; i++) sends.push(send(to[i]!));
  await Promise.all(sends);
}

export async function usedLater(to: string[]) {
  const sends: Promise<void>[] = [];
  for (const t of to) sends.push(send(t));
  await Promise.all(sends);
  return sends.length;
}
