// expect-notes: signals/explicitSignal
// leash's own API gets its caller's site with the argument it reads it from, matched by declaration
// (an alias, a namespace import and a TaskGroup method count; a local function of the same name does not).
import { limit, mapLimit, mapSettledLimit, sleep, TaskGroup, withCancel, withDeadline, withTimeout as within } from 'leash';
import * as leash from 'leash';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export const sync = async (items) => {
    await mapLimit(items, 4, leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:11:9 sync", (item) => save(item)));
    await mapSettledLimit(items, 2, leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:12:9 sync", async (item) => save(item)), {});
    await leash.mapLimit(items, 1, leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:13:15 sync", save));
};
app.get('/report', async () => {
    await within(1_000, leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:17:9 handler in app.get('/report')", (scope) => sleep(leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:17:34 handler in app.get('/report')", 10), { signal: scope.signal })));
    await withDeadline(Date.now() + 1_000, leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:18:9 handler in app.get('/report')", () => save(1)));
    await withCancel(leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:19:9 handler in app.get('/report')", async () => save(2)));
});
export class Worker {
    run = async () => {
        const group = new TaskGroup({ limit: 2 });
        group.go(leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:25:11 Worker.run", () => save(3)));
        group.tryGo(leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:26:11 Worker.run", async () => save(4)));
        await group.wait();
    };
}
export const handlers = {
    onTick: async () => {
        await sleep(leash_1.at("transformer/__testfixtures__/caller-sites/api.ts:33:11 onTick", 5));
        await limit(2)(() => save(5)); // limit registers nothing itself: no site
    },
};
function mapLimitLocal(items, n, fn) {
    items.slice(0, n).forEach(fn);
}
export const local = () => mapLimitLocal([1], 1, () => undefined);
