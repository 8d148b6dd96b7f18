import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventRecorder } from '../../../src/controllers/events.js';
import type { ApiClient, KubeObject } from '../../../src/api/client.js';
import type { CertificateSigningRequest } from '../../../src/api/certificates/types.js';

test('events are named as client-go names them, and two in the same millisecond still differ', async () => {
  const created: string[] = [];
  // Only create is used for first occurrences; the recorder never reads.
  const client = { create: async (_r: unknown, obj: KubeObject) => { created.push(obj.metadata.name!); return obj; } } as unknown as ApiClient;
  const at = new Date('2026-12-07T12:00:00.123Z');
  const recorder = new EventRecorder(client, 'test', (err) => { throw err; }, () => at);
  const csr = { metadata: { name: 'alice', uid: 'u-1' }, spec: {} } as CertificateSigningRequest;
  recorder.record(csr, 'Normal', 'Approved', 'approved');
  recorder.record(csr, 'Normal', 'CertificateIssued', 'issued');
  await new Promise((r) => setImmediate(r));
  const nanos = BigInt(at.getTime()) * 1_000_000n;
  assert.equal(created.length, 2);
  assert.equal(created[0], `alice.${nanos.toString(16)}`);
  assert.notEqual(created[0], created[1]);
  assert.equal(BigInt(`0x${created[1]!.split('.')[1]}`) - BigInt(`0x${created[0]!.split('.')[1]}`), 1n, 'the second counts up from the first');
});
