// The real open-source projects `npm run test:real` builds plain, `track` and `bind` and runs
// the test suites of. Each has timers, listeners and promises in its own code and its tests.
// A project is plain data, so another harness (ownership's services, the vitest host) can pass
// its own list to harness.mjs. Fields:
//   name, repo, commit            the pinned tree in the real-repository cache (cache.mjs)
//   typescript                    '6.0' (leash's own ts-patch 4) or '5.9' (test/compat/ts59, ts-patch 3):
//                                 the project's own version when it is one of those; else 6.0,
//                                 and the plain build uses the same compiler, so the comparison holds
//   lock                          a lockfile in locks/ for a project that ships none (resolved URLs
//                                 left out, so npm uses the user's registry), installed with `npm ci`
//   manifest                      a package.json in locks/ that replaces the root one before the install:
//                                 for a pnpm monorepo, whose `workspace:` and `catalog:` versions npm
//                                 cannot read (only the outside packages its tests need, pinned)
//   workspaces                    a folder whose packages are linked as node_modules/<their name>,
//                                 as pnpm links a workspace's packages
//   dropDevDependencies           lint/coverage/bundling tools its tests do not need (fewer installs)
//   addDevDependencies            { name: version } its tests need that the root manifest lacks (a
//                                 monorepo package's own devDependencies), added before the install
//   tsconfig, include, compilerOptions
//                                 the generated tsconfig extends `tsconfig` and sets these; `outDir`
//                                 is taken relative to `.leash/<mode>/`, so paths the tests compute
//                                 from their own location keep working
//   copy                          globs (from the project's root) of files the built code reads from
//                                 beside itself, copied into each build at the same paths (package.json,
//                                 certificates, a fixture a test forks)
//   test: { runner, files, args, timeoutSeconds, nodePath }
//                                 runner: a module in runners/; files and args as the runner takes them,
//                                 relative to `.leash/<mode>/`, where the suite runs; nodePath: folders
//                                 (relative to `.leash/<mode>/`) put on NODE_PATH, for tests that import
//                                 by the tsconfig's `baseUrl`
//   node                          'node24' to run the suite on Node 24 (default: the current node)
//   typescript7                   for `--typescript 7`: { compilerOptions } the project would change to
//                                 build on TypeScript 7 (its @types are no longer all included by
//                                 default: `types: ['node']`), or { unsupported: why } when it cannot

export const projects = [
  {
    // Resilience policies: retry with backoff timers, circuit breaker, timeout with AbortSignals,
    // bulkhead queues, event emitters. Mocha + sinon fake timers.
    name: 'cockatiel',
    repo: 'connor4312/cockatiel',
    commit: 'f475a690eedbb9dc7e495b6e4b0f42105c195ec3',
    typescript: '5.9',
    tsconfig: 'tsconfig.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist' },
    node: 'node24', // its engines field asks for Node >= 22
    test: { runner: 'mocha', files: ['dist/**/*.test.js'], args: ['--timeout', '10000'] },
  },
  {
    // A promise queue: concurrency, intervals, timeouts, AbortSignal, EventEmitter events.
    // node:test.
    name: 'p-queue',
    repo: 'sindresorhus/p-queue',
    commit: '180ab9e25cd10b6f548767d7176076b50d25e188',
    typescript: '5.9',
    lock: 'p-queue.json',
    dropDevDependencies: ['xo', 'tsd', 'tsx', 'benchmark', '@types/benchmark', 'del-cli'],
    tsconfig: 'tsconfig.json',
    include: ['source', 'test'],
    compilerOptions: { rootDir: '.', outDir: '.' },
    typescript7: { compilerOptions: { types: ['node'] } },
    test: {
      runner: 'node-test',
      files: ['advanced', 'basic', 'debug', 'priority-queue', 'rate-limit', 'strict', 'validation'].map((file) => `test/${file}.js`),
    },
  },
  {
    // A mutex and a semaphore with timeouts and cancellation. Mocha (tdd) + @sinonjs/fake-timers 11,
    // which fakes node:timers too. Its tsconfig targets ES5 and TypeScript ^5.4, so it builds with
    // leash's TypeScript 6.
    name: 'async-mutex',
    repo: 'DirtyHairy/async-mutex',
    commit: 'b0bb4c5aa0e42eb5ffc8d9342e56bb6de1b95554',
    typescript: '6.0',
    lock: 'async-mutex.json',
    dropDevDependencies: ['@typescript-eslint/eslint-plugin', '@typescript-eslint/parser', 'coveralls', 'eslint', 'import-sort-style-eslint', 'nyc', 'prettier', 'prettier-plugin-import-sort', 'rollup', 'ts-node'],
    tsconfig: 'tsconfig.json',
    include: ['src', 'test'],
    compilerOptions: { rootDir: '.', outDir: '.', declaration: false, ignoreDeprecations: '6.0', esModuleInterop: false, types: ['node', 'mocha'] },
    typescript7: { unsupported: 'its tsconfig targets ES5 with moduleResolution node10, both removed in TypeScript 7' },
    test: { runner: 'mocha', files: ['test/*.js'], args: ['--ui', 'tdd', '--timeout', '10000'] },
  },
  {
    // A file watcher: fs.watch listeners, debounce and polling timers, EventEmitter, promises.
    // micro-should (@paulmillr/jsbt); its fixtures live in the OS temp folder.
    name: 'chokidar',
    repo: 'paulmillr/chokidar',
    commit: '0bc7bed37d6b018e5b11afcce329bbf797d6441f',
    typescript: '6.0',
    tsconfig: 'tsconfig.json',
    compilerOptions: { rootDir: 'src', outDir: '.', declaration: false, declarationMap: false, isolatedDeclarations: false },
    test: { runner: 'micro-should', files: ['index.test.js'], timeoutSeconds: 900 },
  },
  {
    // A benchmarking library: tasks run for a time or a number of iterations (performance.now
    // or hrtime), async tasks awaited one by one or with a concurrency limit, setTimeout in the
    // tests' tasks, an AbortSignal per bench and per task (its `abort` listener ends a run),
    // EventTarget events for every phase. vitest, on the built `.js` tests.
    name: 'tinybench',
    repo: 'tinylibs/tinybench',
    commit: '52fb2be9a3e96814737283717f164aaea09d78b3',
    typescript: '6.0',
    lock: 'tinybench.json',
    dropDevDependencies: ['@commitlint/cli', '@commitlint/config-conventional', '@cspell/eslint-plugin', '@eslint/js', '@size-limit/preset-small-lib', '@size-limit/time', '@vitest/coverage-v8', 'bumpp', 'changelogithub', 'clean-publish', 'eslint', 'eslint-plugin-jsdoc', 'eslint-plugin-perfectionist', 'nano-staged', 'neostandard', 'simple-git-hooks', 'size-limit', 'tsdown', 'typedoc', 'typescript'],
    tsconfig: 'tsconfig.json',
    include: ['src', 'test'],
    compilerOptions: { rootDir: '.', outDir: '.', noEmit: false, removeComments: false },
    typescript7: { compilerOptions: { types: ['node'] } },
    test: { runner: 'vitest', files: ['test/'], args: ['--testTimeout=10000'] },
  },
  {
    // Cron schedules run on timers: the next date computed, then one setTimeout (re-armed for
    // dates past the 32-bit delay limit) or a setInterval checking every second. Its tests install
    // vitest's fake timers at the top of a file, spy on the global clearTimeout, and count timers
    // with vi.getTimerCount(). vitest, on the built `.js` tests.
    name: 'cron-schedule',
    repo: 'P4sca1/cron-schedule',
    commit: 'fdbaefaff3d15c8ceb417274b490a02097772a60',
    typescript: '5.9',
    lock: 'cron-schedule.json',
    dropDevDependencies: ['@biomejs/biome', 'rimraf', 'semantic-release', 'typescript'],
    tsconfig: 'tsconfig.json',
    include: ['src', 'test'],
    compilerOptions: { rootDir: '.', outDir: '.', declaration: false, sourceMap: false },
    typescript7: { compilerOptions: { types: ['node'] } },
    test: { runner: 'vitest', files: ['test/'] },
  },
  {
    // vscode-jsonrpc, the JSON-RPC layer of the language server protocol (the `jsonrpc` package of
    // a monorepo, built from the repository root): request/response over node streams and worker
    // MessagePorts (stream and port listeners), cancellation tokens and a file-based cancellation
    // strategy, setTimeout/setImmediate through its RAL, promises everywhere. Mocha (tdd).
    name: 'vscode-jsonrpc',
    repo: 'microsoft/vscode-languageserver-node',
    commit: '0da5527ddf79ec7b10c953a1b1e6e007c9678326',
    typescript: '6.0',
    lock: 'vscode-jsonrpc.json',
    dropDevDependencies: ['@types/assert', '@stylistic/eslint-plugin', 'assert', 'eslint', 'globals', 'typescript-eslint', 'http-server', 'playwright', 'rimraf', 'shelljs', 'shx', 'source-map-support', 'ts-json-schema-generator', 'typescript', 'webpack', 'webpack-cli', 'node-polyfill-webpack-plugin'],
    addDevDependencies: { 'msgpack-lite': '0.1.26', '@types/msgpack-lite': '0.1.12' },
    tsconfig: 'jsonrpc/src/node/test/tsconfig.json',
    include: ['jsonrpc/src/common', 'jsonrpc/src/node'],
    compilerOptions: { rootDir: 'jsonrpc/src', outDir: 'jsonrpc/lib', declaration: false, incremental: false, tsBuildInfoFile: null },
    test: { runner: 'mocha', files: ['jsonrpc/lib/common/test/*.test.js', 'jsonrpc/lib/node/test/*.test.js'], args: ['--ui', 'tdd', '--timeout', '10000'] },
  },
  {
    // An MQTT client: connack timeout, keepalive through its own timer abstraction (setTimeout,
    // or worker timers), reconnect setInterval, setImmediate, `once('outgoingEmpty',
    // setTimeout.bind(...))`, stream and store listeners added and removed per packet, WebSocket
    // `addEventListener`; tested against aedes and its own brokers on loopback (TCP, TLS,
    // WebSocket, SOCKS), with sinon fake timers. node:test. TypeScript 5.8, built with 5.9.
    name: 'mqtt',
    repo: 'mqttjs/MQTT.js',
    commit: 'aa03369f5f5daf9b8a98339990cc3ced800a5051',
    typescript: '5.9',
    tsconfig: 'tsconfig.json',
    include: ['src', 'test/node'],
    compilerOptions: { rootDir: '.', outDir: '.', declaration: false, incremental: false },
    // src/lib/shared.ts reads ../../package.json; the TLS tests read their certificates; one test
    // forks helpers/server_process.ts with ts-node.
    copy: ['package.json', 'test/node/helpers/*.pem', 'test/node/helpers/server_process.ts'],
    test: {
      runner: 'node-test',
      files: ['client', 'client_mqtt5', 'keepaliveManager', 'message-id-provider', 'mqtt', 'mqtt_store', 'secure_client', 'socks', 'store', 'unique_message_id_provider_client', 'websocket_client'].map((file) => `test/node/${file}.js`),
      // Two tests import by the tsconfig's baseUrl ('src/lib/shared').
      nodePath: ['.'],
      timeoutSeconds: 900,
    },
  },
];
