async function getJson(url: string, /* leash-codemod */ signal?: AbortSignal) {
  const res = await fetch(url, /* leash-codemod */ { signal });
  return res.json();
}

async function loadWithRetry(url: string, attempts = 3, /* leash-codemod */ signal?: AbortSignal) {
  for (let i = 0; ; i++) {
    try {
      return await getJson(url, /* leash-codemod */ signal);
    } catch (error) {
      if (i + 1 >= attempts) throw error;
    }
  }
}

export async function handle(req: Request) {
  const target = new URL(req.url).searchParams.get('target') ?? '/';
  return loadWithRetry(target, undefined, /* leash-codemod */ req.signal);
}
