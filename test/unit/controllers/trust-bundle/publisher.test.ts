import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTrustBundlePublisher } from '../../../../src/controllers/trust-bundle/publisher.js';
import type { ApiClient } from '../../../../src/api/client.js';

test('stopping the publisher waits for a publication under way, so no write outlives it', async () => {
  let release!: () => void;
  const listed = new Promise<void>((r) => (release = r));
  const calls: string[] = [];
  // Only what publishTrustBundles uses: a list that waits until released, then a create.
  const client = {
    list: async () => { calls.push('list'); await listed; return { items: [], resourceVersion: '1' }; },
    create: async (_r: unknown, obj: { metadata: { name: string } }) => { calls.push(`create ${obj.metadata.name.split(':')[0]}`); return obj; },
  } as unknown as ApiClient;
  const stop = startTrustBundlePublisher(client, [{ signerName: 'example.com/a', caPem: 'PEM' }], 60_000, (err) => assert.fail(String(err)));
  let stopped = false;
  const stopping = stop().then(() => (stopped = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(stopped, false, 'still publishing');
  release();
  await stopping;
  assert.deepEqual(calls, ['list', 'create example.com']);
});
