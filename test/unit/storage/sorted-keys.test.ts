// The blocked sorted key set against a plain sorted array, under a deterministic random mix of operations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedKeys } from '../../../src/storage/sorted-keys.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

test('add, delete, rank and from agree with a sorted array', () => {
  const rnd = lcg(42);
  const keys = new SortedKeys();
  const ref = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const k = `/k/${Math.floor(rnd() * 5000).toString().padStart(4, '0')}`;
    if (rnd() < 0.7) {
      keys.add(k);
      ref.add(k);
    } else {
      keys.delete(k);
      ref.delete(k);
    }
  }
  const sorted = [...ref].sort();
  assert.equal(keys.size, sorted.length);
  assert.deepEqual([...keys.from('')], sorted);
  for (const probe of ['/k/0000', '/k/1234', '/k/2500x', '/k/4999', '/l']) {
    const expected = sorted.filter((k) => k < probe).length;
    assert.equal(keys.rank(probe), expected, probe);
    assert.deepEqual([...keys.from(probe)], sorted.slice(expected));
  }
});

test('fromSorted builds a set that keeps working', () => {
  const keys = SortedKeys.fromSorted(Array.from({ length: 1000 }, (_, i) => `/k/${String(i).padStart(4, '0')}`));
  keys.add('/k/0500a');
  keys.delete('/k/0000');
  assert.equal(keys.size, 1000);
  assert.equal(keys.rank('/k/0501'), 501);
  assert.deepEqual([...keys.from('/k/0500')].slice(0, 3), ['/k/0500', '/k/0500a', '/k/0501']);
});
