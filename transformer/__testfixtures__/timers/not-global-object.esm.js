export function tick(fn) {
    clock.setTimeout(fn, 100);
}
