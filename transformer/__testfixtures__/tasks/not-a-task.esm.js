export class Base {
    n;
    constructor(n) {
        this.n = n;
    }
}
export class Child extends Base {
    constructor() {
        super(count());
    }
}
export function run() {
    import('node:fs');
    count();
    untyped.go();
}
