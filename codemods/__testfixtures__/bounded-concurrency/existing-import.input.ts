import { TaskGroup } from 'leash';

declare function resize(image: string): Promise<string>;

export const group = new TaskGroup();

export function resizeAll(images: string[]) {
  return Promise.all(images.map((image) => resize(image)));
}
