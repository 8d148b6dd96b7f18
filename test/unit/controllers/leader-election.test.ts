// A stop that arrives while a round of the election waits on the API must win: the round may not
// start leading afterwards (that left controllers running that nobody stopped, and a
// `signet controllers` process that never exited after SIGTERM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderElector } from '../../../src/controllers/leader-election.js';
import type { ApiClient, Resource } from '../../../src/api/client.js';
import { StatusError } from '../../../src/api/errors.js';

/** An API whose lease calls wait until `release()`; the lease does not exist yet, so a POST acquires it. */
function slowApi(): { client: ApiClient; calls: string[]; release: () => void } {
  const calls: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const call = async (verb: string, what: string): Promise<unknown> => {
    calls.push(`${verb} ${what}`);
    await gate;
    if (verb === 'get') throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 });
    return {};
  };
  const client = {
    get: (r: Resource<unknown>, name: string, namespace: string) => call('get', `${namespace}/${r.resource}/${name}`),
    create: (r: Resource<unknown>, obj: { metadata: { namespace: string; name: string } }) => call('create', `${obj.metadata.namespace}/${r.resource}/${obj.metadata.name}`),
    update: (r: Resource<unknown>, obj: { metadata: { namespace: string; name: string } }) => call('update', `${obj.metadata.namespace}/${r.resource}/${obj.metadata.name}`),
  } as unknown as ApiClient;
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
  assert.deepEqual(api.calls, ['get kube-system/leases/signet-controllers', 'create kube-system/leases/signet-controllers']);
  await elector.stop();
});
