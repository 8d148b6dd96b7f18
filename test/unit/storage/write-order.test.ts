import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteOrder } from '../../../src/storage/memory/write-order.js';

const drain = (order: WriteOrder): string[] => {
  const out: string[] = [];
  for (let e = order.oldest(); e; e = order.oldest()) {
    out.push(`${e.key}@${e.at}`);
    order.removed(e.key);
  }
  return out;
};

test('the oldest key is the least recently written: a write moves a key last, a removal takes it out', () => {
  const order = new WriteOrder();
  order.written('a', 1);
  order.written('b', 2);
  order.written('c', 3);
  order.written('a', 4);
  order.removed('b');
  const first = order.oldest();
  assert.deepEqual([first?.key, first?.at], ['c', 3]);
  assert.deepEqual(drain(order), ['c@3', 'a@4']);
  assert.equal(order.oldest(), undefined);
});

test('the order holds across the clean-ups of many rewrites and removals', () => {
  const order = new WriteOrder();
  for (let i = 0; i < 50; i++) order.written(`k${i}`, i);
  for (let round = 0; round < 200; round++) for (let i = 0; i < 50; i += 2) order.written(`k${i}`, 1000 + round);
  for (let i = 0; i < 10_000; i++) {
    order.written(`gone${i}`, 5000);
    order.removed(`gone${i}`);
  }
  const odd = Array.from({ length: 25 }, (_, j) => `k${2 * j + 1}@${2 * j + 1}`);
  const even = Array.from({ length: 25 }, (_, j) => `k${2 * j}@1199`);
  assert.deepEqual(drain(order), [...odd, ...even]);
});
