// A stop that arrives while a round of the election waits on the API must win: the round may not
// start leading afterwards (that left controllers running that nobody stopped, and a
// `signet controllers` process that never exited after SIGTERM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderElector } from '../../../src/controllers/leader-election.js';
import type { RestClient } from '../../../src/controllers/rest-client.js';
import { StatusError } from '../../../src/api/errors.js';

/** An API whose lease calls wait until `release()`; the lease does not exist yet, so a POST acquires it. */
function slowApi(): { client: RestClient; calls: string[]; release: () => void } {
  const calls: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const client = {
    async call(method: string, path: string): Promise<unknown> {
      calls.push(`${method} ${path}`);
      await gate;
      if (method === 'GET') throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 });
      return {};
    },
  } as unknown as RestClient;
  return { client, calls, release: open };
}

test('a stop during a round that then acquires the lease does not start leading', async () => {
  const api = slowApi();
  let started = 0;
  const elector = new LeaderElector({ client: api.client, identity: 'me', onStartedLeading: () => started++, onStoppedLeading: () => {} });
  elector.start();
  const stopped = elector.stop();
  api.release();
  await stopped;
  // Give the round every chance to finish (it needs a few turns) before looking.
  for (let i = 0; i < 100; i++) await new Promise((r) => setImmediate(r));
  assert.equal(started, 0);
  assert.equal(elector.isLeader, false);
});

test('without a stop, the same round acquires the lease and starts leading once', async () => {
  const api = slowApi();
  let started = 0;
  const elector = new LeaderElector({ client: api.client, identity: 'me', retryPeriodMs: 60_000, onStartedLeading: () => started++, onStoppedLeading: () => {} });
  elector.start();
  api.release();
  for (let i = 0; i < 100 && started === 0; i++) await new Promise((r) => setImmediate(r));
  assert.equal(started, 1);
  assert.deepEqual(api.calls, ['GET /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/signet-controllers', 'POST /apis/coordination.k8s.io/v1/namespaces/kube-system/leases']);
  await elector.stop();
});
