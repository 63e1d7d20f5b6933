import { TaskGroup, mapLimit } from 'leash';

declare function resize(image: string): Promise<string>;

export const group = new TaskGroup();

export function resizeAll(images: string[]) {
  return /* leash-codemod */ mapLimit(images, 8, (image) => resize(image));
}
