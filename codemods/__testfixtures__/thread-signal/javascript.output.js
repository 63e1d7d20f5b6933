async function fetchText(url, /* leash-codemod */ signal) {
  const res = await fetch(url, /* leash-codemod */ { signal });
  return res.text();
}

export async function fetchBoth(a, b, signal = AbortSignal.timeout(1000)) {
  return [await fetchText(a, /* leash-codemod */ signal), await fetchText(b, /* leash-codemod */ signal)];
}
