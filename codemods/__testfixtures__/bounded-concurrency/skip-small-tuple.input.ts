declare function a(): Promise<number>;
declare function b(): Promise<string>;

export async function both() {
  const [x, y] = await Promise.all([a(), b()]);
  const settled = await Promise.allSettled([a(), b()]);
  return { x, y, settled };
}

export async function given(promises: Promise<number>[]) {
  return Promise.all(promises);
}
