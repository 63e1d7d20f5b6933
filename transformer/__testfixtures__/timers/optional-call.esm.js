// expect-notes: timers/optionalCall
// An optional call of a global timer is left alone, with a note.
export function maybe(fn) {
    setTimeout?.(fn, 1);
}
