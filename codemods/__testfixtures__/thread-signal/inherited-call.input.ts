// A method inherited from a base class, called as this.get() or super.get() from a method with a signal.
class Base {
  protected async get(path: string) {
    return fetch('https://api.example.com' + path);
  }
}

class Api extends Base {
  async user(id: string, signal: AbortSignal) {
    const profile = await this.get('/users/' + id);
    const settings = await super.get('/settings/' + id);
    return [profile, settings];
  }
}

export async function handle(req: Request) {
  return new Api().user('1', req.signal);
}
