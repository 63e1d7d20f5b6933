// Timers in the syntax a modern service uses: decorators, static blocks, generators, `using`.
function logged<This, Args extends unknown[], Return>(target: (this: This, ...args: Args) => Return, _context: ClassMethodDecoratorContext) {
  return function (this: This, ...args: Args): Return {
    setImmediate(() => undefined);
    return target.call(this, ...args);
  };
}

export class Service {
  static #instances = setInterval(() => undefined, 1_000);
  static {
    clearInterval(Service.#instances);
  }

  @logged
  start(): NodeJS.Timeout {
    return setTimeout(() => undefined, 1);
  }
}

export function* ticks(): Generator<NodeJS.Timeout> {
  yield setTimeout(() => undefined, 1);
}

export function scoped(): void {
  using stack = new DisposableStack();
  const handle = setTimeout(() => undefined, 1);
  stack.defer(() => clearTimeout(handle));
}
