// A method inherited from a base class, called as this.get() or super.get() from a method with a signal.
class Base {
  protected async get(path: string, /* leash-codemod */ signal?: AbortSignal) {
    return fetch('https://api.example.com' + path, /* leash-codemod */ { signal });
  }
}

class Api extends Base {
  async user(id: string, signal: AbortSignal) {
    const profile = await this.get('/users/' + id, /* leash-codemod */ signal);
    const settings = await super.get('/settings/' + id, /* leash-codemod */ signal);
    return [profile, settings];
  }
}

export async function handle(req: Request) {
  return new Api().user('1', req.signal);
}
