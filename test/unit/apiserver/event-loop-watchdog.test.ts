// The watchdog ends a process whose event loop is held past the stall limit (so SIGTERM is never
// outlasted), and remembers shorter stalls for /livez and for the drain period left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EventLoopWatchdog } from '../../../src/apiserver/event-loop-watchdog.js';

const watchdogModule = pathToFileURL(fileURLToPath(new URL('../../../src/apiserver/event-loop-watchdog.js', import.meta.url))).href;

function hold(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // the loop is held
  }
}

test('a loop held past the stall limit ends the process, saying why', async () => {
  // A process that starts the watchdog and then never yields its loop again; SIGTERM would not help it.
  const script = `import { EventLoopWatchdog } from ${JSON.stringify(watchdogModule)};
new EventLoopWatchdog({ stallLimitMs: 500 });
setTimeout(() => { for (;;) {} }, 200);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
  clearTimeout(guard);
  assert.equal(signal, 'SIGKILL');
  assert.match(stderr, /"msg":"event loop blocked beyond the stall limit; ending the process so that it can be restarted"/);
});

test('a stall beyond the liveness threshold fails /livez for a while, and shortens the drain', async () => {
  const watchdog = new EventLoopWatchdog({ stallLimitMs: 60_000, livezThresholdMs: 200, heartbeatMs: 20 });
  try {
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(watchdog.livezFailure(), undefined);
    assert.equal(watchdog.graceLeft(10_000) > 9_900, true);
    hold(400);
    // Whatever handles the next event sees that the loop was just held.
    assert.equal(watchdog.graceLeft(10_000) <= 9_650, true);
    await new Promise((r) => setTimeout(r, 60));
    assert.match(watchdog.livezFailure() ?? '', /^event loop blocked for 0\.\ds, 0s ago$/);
    assert.equal(watchdog.livezFailure(Date.now() + 61_000), undefined);
  } finally {
    watchdog.stop();
  }
});
