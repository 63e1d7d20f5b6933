/* leash-codemod */ import { mapLimit } from 'leash';

declare function crawl(url: string, init: { signal?: AbortSignal }): Promise<string>;

export async function crawlAll(urls: string[], signal: AbortSignal) {
  return /* leash-codemod */ mapLimit(urls, 8, (url) => crawl(url, { signal }), { signal });
}

export async function crawlWithOptions(urls: string[], options: { signal?: AbortSignal; depth?: number } = {}) {
  return /* leash-codemod */ mapLimit(urls, 8, (url) => crawl(url, options), { signal: options.signal });
}

export async function crawlWithController(urls: string[]) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1000);
  return /* leash-codemod */ mapLimit(urls, 8, (url) => crawl(url, { signal: controller.signal }), { signal: controller.signal });
}
