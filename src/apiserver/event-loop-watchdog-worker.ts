// The watchdog's thread: it wakes a few times a second, and when the main loop's heartbeat is
// older than the stall limit it says so on stderr and ends the process. SIGKILL, because the
// held loop could run no exit handler; what it leaves is what a crash leaves, which the store
// survives (acknowledged writes were committed before they were acknowledged).

import { workerData } from 'node:worker_threads';
import { writeSync } from 'node:fs';

const shared = workerData as BigInt64Array;
const pause = new Int32Array(new SharedArrayBuffer(4));

for (;;) {
  Atomics.wait(pause, 0, 0, 250);
  if (Atomics.load(shared, 2) !== 0n) break;
  const held = Date.now() - Number(Atomics.load(shared, 0));
  const limit = Number(Atomics.load(shared, 1));
  if (held > limit) {
    writeSync(2, JSON.stringify({
      time: new Date().toISOString(), level: 'error', msg: 'event loop blocked beyond the stall limit; ending the process so that it can be restarted', heldMs: held, limitMs: limit,
    }) + '\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
