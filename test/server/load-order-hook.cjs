// Preloaded (node --require) into the compiled server by compiled-server.test.ts: prints the packages
// the main thread had loaded when PGlite's worker thread was started, and at exit, so the test sees
// that serve starts its database before loading the app (issue 14) and --help loads none of it.
const Module = require('node:module');
const threads = require('node:worker_threads');

if (threads.isMainThread) {
  const loaded = new Set();
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (!Module.isBuiltin(request) && !request.startsWith('.') && !request.startsWith('/')) loaded.add(request);
    return load.call(this, request, ...rest);
  };
  const Worker = threads.Worker;
  threads.Worker = class extends Worker {
    constructor(...args) {
      process.stderr.write(`[load-order] packages loaded when a worker thread started: ${[...loaded].join(' ')}\n`);
      super(...args);
    }
  };
  process.on('exit', () => process.stderr.write(`[load-order] packages loaded at exit: ${[...loaded].join(' ')}\n`));
}
