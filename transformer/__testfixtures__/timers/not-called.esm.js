// The functions used as values are not calls: nothing changes.
export const schedulers = [setTimeout, setInterval];
export const bound = setTimeout.bind(globalThis);
export function viaCall(fn) {
    setTimeout.call(globalThis, fn, 1);
}
