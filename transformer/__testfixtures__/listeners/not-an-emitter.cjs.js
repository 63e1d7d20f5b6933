"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wire = wire;
function wire(query, fake, f) {
    query.on('click', f).off('click', f);
    fake.addEventListener('x', f);
}
