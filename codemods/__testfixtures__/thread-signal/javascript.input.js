async function fetchText(url) {
  const res = await fetch(url);
  return res.text();
}

export async function fetchBoth(a, b, signal = AbortSignal.timeout(1000)) {
  return [await fetchText(a), await fetchText(b)];
}
