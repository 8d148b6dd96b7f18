import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomOctets } from '../../../src/pki/random.js';

test('octets are handed out once: across refills of the pool no two draws repeat', () => {
  const seen = new Set<string>();
  // 600 draws of 16 octets pass the 4096-octet pool twice.
  for (let i = 0; i < 600; i++) {
    const r = randomOctets(16);
    assert.equal(r.length, 16);
    const hex = Buffer.from(r).toString('hex');
    assert.ok(!seen.has(hex), 'a repeated draw');
    seen.add(hex);
  }
});

test('a draw is a copy: changing it changes no later draw, and large sizes come straight from the CSPRNG', () => {
  const a = randomOctets(20);
  a.fill(0);
  assert.ok(randomOctets(20).some((b) => b !== 0));
  const big = randomOctets(1000);
  assert.equal(big.length, 1000);
  assert.ok(big.some((b) => b !== 0));
});
