async function download(url: string, { retries = 1, /* leash-codemod */ signal }: { retries?: number; /* leash-codemod */ signal?: AbortSignal } = {}) {
  for (let i = 0; i <= retries; i++) {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      /* leash-codemod */ signal,
    });
    if (res.ok) return res.text();
  }
  return null;
}

async function mirror(url: string, options?: { verbose?: boolean; /* leash-codemod */ signal?: AbortSignal }) {
  if (options?.verbose) console.log(url);
  return download(url, { retries: 2, /* leash-codemod */ signal: options?.signal });
}

export async function mirrorAll(urls: string[], signal: AbortSignal) {
  for (const url of urls) await mirror(url, /* leash-codemod */ { signal });
}
