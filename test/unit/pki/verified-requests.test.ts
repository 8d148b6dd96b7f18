import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifiedRequests } from '../../../src/pki/verified-requests.js';

const der = (n: number): Uint8Array => new Uint8Array([0x30, 0x03, 0x02, 0x01, n & 0xff, n >> 8]);

test('a verified request is taken once: submitted again, it is verified again', () => {
  const a = der(1);
  assert.equal(verifiedRequests.take(a), false, 'never verified');
  verifiedRequests.remember(a);
  assert.equal(verifiedRequests.take(new Uint8Array(a)), true, 'the same bytes, another buffer');
  assert.equal(verifiedRequests.take(a), false, 'already taken');
});

test('one request submitted twice and verified each time is taken twice, and no more', () => {
  const a = der(7);
  verifiedRequests.remember(a);
  verifiedRequests.remember(a);
  assert.deepEqual([verifiedRequests.take(a), verifiedRequests.take(a), verifiedRequests.take(a)], [true, true, false]);
});

test('only the exact bytes count', () => {
  verifiedRequests.remember(der(2));
  assert.equal(verifiedRequests.take(der(3)), false);
  assert.equal(verifiedRequests.take(der(2)), true);
});

test('the oldest entries give way beyond 4096, so memory stays bounded', () => {
  for (let i = 0; i < 5000; i++) verifiedRequests.remember(der(1000 + i));
  assert.equal(verifiedRequests.take(der(1000)), false, 'evicted: verified again when signed');
  assert.equal(verifiedRequests.take(der(1000 + 4999)), true);
});
