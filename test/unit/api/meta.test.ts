import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMicroTime, formatTime, generateName, isZeroTime } from '../../../src/api/meta.js';

const now = new Date('2026-03-04T05:06:07.890Z');

test('metav1.Time is RFC 3339 in whole seconds, UTC', () => assert.equal(formatTime(now), '2026-03-04T05:06:07Z'));

test('metav1.MicroTime carries six fractional digits', () => assert.equal(formatMicroTime(now), '2026-03-04T05:06:07.890000Z'));

test('Go\'s zero time: absent, null, empty or year 1', () => {
  assert.deepEqual([undefined, null, '', '0001-01-01T00:00:00Z', '2026-01-01T00:00:00Z'].map(isZeroTime), [true, true, true, true, false]);
});

test('generateName draws five characters from the allowed alphabet and cuts the prefix to 58', () => {
  let i = 0;
  const name = generateName('x'.repeat(70), () => [0, 0.999, 0.5, 0.1, 0.3][i++]!);
  assert.equal(name, `${'x'.repeat(58)}b9rdl`);
});
