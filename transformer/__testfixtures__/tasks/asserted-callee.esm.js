import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
const ignore = () => { };
export function silence() {
    const call = start();
    leash_1.spawn("transformer/__testfixtures__/tasks/asserted-callee.ts:10:43 silence", /* istanbul ignore next */ () => call.then(ignore).catch(ignore));
    leash_1.spawn("transformer/__testfixtures__/tasks/asserted-callee.ts:11:41 silence", /* istanbul ignore next */ () => call.then(ignore).finally(ignore));
    leash_1.spawn("transformer/__testfixtures__/tasks/asserted-callee.ts:12:61 silence", /* istanbul ignore next */ () => call.then(ignore, ignore));
    leash_1.spawn("transformer/__testfixtures__/tasks/asserted-callee.ts:13:45 silence", /* istanbul ignore next */ () => call.then(ignore).catch(ignore));
}
