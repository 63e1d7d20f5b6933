/* leash-codemod */ import { mapLimit } from 'leash';

declare function logged(value: unknown, context: ClassMethodDecoratorContext): void;
declare function open(name: string): { [Symbol.dispose](): void; read(): Promise<string> };
declare function openAsync(name: string): Promise<{ [Symbol.asyncDispose](): Promise<void>; read(): Promise<string> }>;

const config = { retries: 3 } satisfies Record<string, number>;

export class Reader {
  @logged
  async readAll(names: string[]) {
    using first = open(names[0] ?? 'default');
    await using second = await openAsync('second');
    const rest = await /* leash-codemod */ mapLimit(names, 8, (name) => open(name).read());
    return [await first.read(), await second.read(), ...rest, config.retries];
  }
}
