async function getJson(url: string) {
  const res = await fetch(url);
  return res.json();
}

async function loadWithRetry(url: string, attempts = 3) {
  for (let i = 0; ; i++) {
    try {
      return await getJson(url);
    } catch (error) {
      if (i + 1 >= attempts) throw error;
    }
  }
}

export async function handle(req: Request) {
  const target = new URL(req.url).searchParams.get('target') ?? '/';
  return loadWithRetry(target);
}
