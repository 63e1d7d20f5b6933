// The runtime API in one file: `node examples/quickstart.js` after `npm run build`.
const { Scope, withTimeout, mapLimit, sleep, registry } = require('leash');
// What the transformer writes for you; spelled out here to show what it registers.
const hooks = require('leash/hooks');
hooks.useMode('bind'); // each instrumented module announces itself, so reports know leash is looking

async function main() {
  // One scope per request: what starts inside belongs to it, and ends with it.
  const request = new Scope({ name: 'request#1', timeout: 5000 });
  await request.run(async () => {
    // `setInterval(poll, 100)` in your code, after the transformer:
    hooks.setInterval('src/server.ts:12:5 handle', () => {}, 100);
    // At most 2 in flight; results in input order.
    const sizes = await mapLimit([1, 2, 3, 4], 2, async (n) => {
      await sleep(5);
      return n * 10;
    });
    console.log(sizes);
  });
  console.log(registry.format());
  request.abort(); // the interval is cleared with its scope
  console.log(registry.format());
  // Go's context.WithTimeout: the signal aborts after 20 ms, and the call rejects with the reason.
  await withTimeout(20, (scope) => sleep(1000, { signal: scope.signal })).catch((error) => console.log(error.name));
}

main();
// Output:
// [ 10, 20, 30, 40 ]
// leash: 1 live (1 interval) in 1 site
// 1 live  interval  src/server.ts:12:5 in handle  oldest 0ms  peak 1  created 1
//          scopes: root/request#1
// leash: 0 live in 0 sites
// TimeoutError
