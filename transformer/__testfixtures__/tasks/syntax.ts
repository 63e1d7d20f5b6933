// Detached calls inside class fields, decorators, `using` blocks and static blocks.
declare function save(item: string): Promise<void>;

function audited<This, Args extends unknown[], Return>(target: (this: This, ...args: Args) => Return, _context: ClassMethodDecoratorContext) {
  return function (this: This, ...args: Args): Return {
    save('audit');
    return target.call(this, ...args);
  };
}

export class Job {
  static {
    save('static');
  }

  run = (): void => {
    save('field-arrow');
  };

  @audited
  go(): void {
    using stack = new DisposableStack();
    stack.defer(() => void save('deferred'));
    save('go');
  }
}
