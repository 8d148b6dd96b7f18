import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBounded } from '../../../src/runtime/bounded-map.js';

test('a bounded map keeps the most recently set entries: past an eighth over the bound, the oldest go down to it', () => {
  const map = new Map<string, number>();
  for (let i = 0; i < 8; i++) setBounded(map, `k${i}`, i, 8);
  setBounded(map, 'k0', 100, 8);
  assert.deepEqual([...map.keys()], ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k0'], 'setting a key again makes it the most recent');
  setBounded(map, 'k8', 8, 8);
  assert.equal(map.size, 9, 'one over the bound: within the eighth it may go over');
  setBounded(map, 'k9', 9, 8);
  assert.deepEqual([...map.keys()], ['k3', 'k4', 'k5', 'k6', 'k7', 'k0', 'k8', 'k9'], 'trimmed to the bound, oldest first');
  assert.equal(map.get('k0'), 100);
});

test('a long run of insertions stays within the bound and keeps the newest', () => {
  const map = new Map<number, number>();
  for (let i = 0; i < 100_000; i++) setBounded(map, i, i, 1024);
  assert.ok(map.size >= 1024 && map.size <= 1024 + 128);
  assert.ok(map.has(99_999) && map.has(100_000 - 1024) && !map.has(100_000 - 1024 - 129));
});
