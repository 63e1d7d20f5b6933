export async function explicit(url, withSignal) {
    const signal = mine;
    await fetch(url, { signal: mine });
    await fetch(url, { signal: undefined });
    await fetch(url, { signal });
    await get(url, withSignal);
    await load('a', mine);
}
