"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Child = exports.Base = void 0;
exports.run = run;
class Base {
    n;
    constructor(n) {
        this.n = n;
    }
}
exports.Base = Base;
class Child extends Base {
    constructor() {
        super(count());
    }
}
exports.Child = Child;
function run() {
    import('node:fs');
    count();
    untyped.go();
}
