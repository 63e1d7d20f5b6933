declare function crawl(url: string, init: { signal?: AbortSignal }): Promise<string>;

export async function crawlAll(urls: string[], signal: AbortSignal) {
  return Promise.all(urls.map((url) => crawl(url, { signal })));
}

export async function crawlWithOptions(urls: string[], options: { signal?: AbortSignal; depth?: number } = {}) {
  return Promise.all(urls.map((url) => crawl(url, options)));
}

export async function crawlWithController(urls: string[]) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  return Promise.all(urls.map((url) => crawl(url, { signal: controller.signal })));
}
