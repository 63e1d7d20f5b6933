async function download(url: string, { retries = 1 }: { retries?: number } = {}) {
  for (let i = 0; i <= retries; i++) {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
    });
    if (res.ok) return res.text();
  }
  return null;
}

async function mirror(url: string, options?: { verbose?: boolean }) {
  if (options?.verbose) console.log(url);
  return download(url, { retries: 2 });
}

export async function mirrorAll(urls: string[], signal: AbortSignal) {
  for (const url of urls) await mirror(url);
}
