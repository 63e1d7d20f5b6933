"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.maybe = maybe;
// expect-notes: timers/optionalCall
// An optional call of a global timer is left alone, with a note.
function maybe(fn) {
    setTimeout?.(fn, 1);
}
