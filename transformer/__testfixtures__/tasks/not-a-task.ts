// Not tasks: dynamic import, synchronous calls, any-typed calls, super(): nothing changes.
declare const untyped: any;
declare function count(): number;

export class Base {
  constructor(readonly n: number) {}
}

export class Child extends Base {
  constructor() {
    super(count());
  }
}

export function run(): void {
  import('node:fs');
  count();
  untyped.go();
}
