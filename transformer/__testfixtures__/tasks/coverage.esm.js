import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function handle(item, fallback) {
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:9:14 handle", /* istanbul ignore next */ leash_f1 => save(item).catch(leash_f1), void 0, [() => { }]);
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:10:10 handle", /* istanbul ignore next */ (leash_f1, leash_f2) => load().then(leash_f1, leash_f2), void 0, [function (text) {
            log(text);
        }, (error) => log(error)]);
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:13:14 handle", /* istanbul ignore next */ leash_f1 => save(item).then(leash_f1), void 0, [() => save(item).catch(log)]);
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:14:14 handle", /* istanbul ignore next */ leash_f1 => save(item).catch(leash_f1), void 0, [(error) => {
            log(error);
        }]);
    // Moving these behind the call would move the second arrow's line: left in place.
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:18:10 handle", () => load().then((text) => log(text), (error) => log(error)));
    // A branch outside any callback, a method: the thunk stays as it was, and coverage counts it.
    leash_1.spawn("transformer/__testfixtures__/tasks/coverage.ts:23:26 handle", () => save(fallback ?? item).catch(() => undefined));
    leash_1.spawnShared("transformer/__testfixtures__/tasks/coverage.ts:24:3 handle", () => notify({ onDone() { } }));
}
