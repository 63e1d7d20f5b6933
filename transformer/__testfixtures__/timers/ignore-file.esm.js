// leash-ignore-file
// The whole file is left alone.
export function start(fn) {
    setTimeout(fn, 1);
    setInterval(fn, 2);
}
