// npm run bench:retention — what leash keeps alive that plain JavaScript lets go: 100,000
// "requests" (an EventEmitter with ~2 KB of data each), each with one `close` listener added by
// instrumented code (leash/hooks, track mode) and never removed, 1,000 per turn of the event loop,
// as a server adds one per request. The heap after a full collection, against the same loop
// without leash, in a child process each (`--expose-gc`), on this node.
//
//   node bench/retention.mjs [--requests 100000]
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' }, child: { type: 'string' } } });
const requests = Number(values.requests);
if (!Number.isInteger(requests) || requests < 1000) {
  console.error(`bench/retention.mjs: --requests must be an integer >= 1000, got ${JSON.stringify(values.requests)}`);
  process.exit(2);
}

if (values.child !== undefined) {
  const { EventEmitter } = await import('node:events');
  const { createRequire } = await import('node:module');
  const hooks = values.child === 'leash' ? createRequire(import.meta.url)(join(repo, 'dist/runtime/hooks.js')) : undefined;
  hooks?.useMode('track');
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let done = 0; done < requests; done += 1000) {
    for (let i = 0; i < 1000; i++) {
      const request = new EventEmitter();
      request.body = Buffer.alloc(1024).toString('hex'); // ~2 KB of its own
      const onClose = () => request.body.length;
      if (hooks === undefined) request.on('close', onClose);
      else hooks.addListener('server.ts:9:5 handle', request, 'on', 'close', onClose);
    }
    await turn();
  }
  for (let i = 0; i < 3; i++) {
    await turn();
    globalThis.gc();
  }
  console.log(JSON.stringify({ mb: (process.memoryUsage().heapUsed - before) / 1e6 }));
  process.exit(0);
}

const run = (side) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', side, '--requests', String(requests)], { encoding: 'utf8' }));
const plain = run('plain');
const leash = run('leash');
console.log(`retention bench, Node ${process.version}: ${requests.toLocaleString('en')} requests, one listener each, never removed`);
console.log(`| | heap kept after a full collection |`);
console.log(`| --- | ---: |`);
console.log(`| plain | ${plain.mb.toFixed(1)} MB |`);
console.log(`| leash (track) | ${leash.mb.toFixed(1)} MB |`);
