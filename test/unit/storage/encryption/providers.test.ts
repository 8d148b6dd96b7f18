import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DecryptError, open, seal, type Provider } from '../../../../src/storage/encryption/providers.js';
import { secretboxOpen, secretboxSeal } from '../../../../src/storage/encryption/secretbox.js';

const key = '/registry/core/secrets/default/a';
const plain = Buffer.from('{"metadata":{"name":"a"},"data":{"p":"aHVudGVy"}}');
const provider = (kind: Provider['kind'], name: string, bytes = 32): Provider => ({ kind, keys: kind === 'identity' ? [] : [{ name, secret: randomBytes(bytes) }] });

test('NaCl secretbox matches the reference implementation', () => {
  // crypto_secretbox of "the secret, at rest" with a key of 32 bytes 0x07 and a nonce of 24 bytes 0x09.
  const box = secretboxSeal(Buffer.from('the secret, at rest'), Buffer.alloc(24, 9), Buffer.alloc(32, 7));
  assert.equal(Buffer.from(box).toString('hex'), '7ac4778aff6dec9b9b612ff692c59125f82276d64c34519e61003ec8cb40952005eefa');
  assert.equal(Buffer.from(secretboxOpen(box, Buffer.alloc(24, 9), Buffer.alloc(32, 7))!).toString(), 'the secret, at rest');
  const tampered = Buffer.from(box);
  tampered[20]! ^= 1;
  assert.equal(secretboxOpen(tampered, Buffer.alloc(24, 9), Buffer.alloc(32, 7)), undefined);
});

for (const [kind, sizes] of [['aescbc', [16, 24, 32]], ['aesgcm', [16, 24, 32]], ['secretbox', [32]]] as const) {
  for (const size of sizes) {
    test(`${kind} with a ${size}-byte key seals under its prefix and opens to the same bytes, never twice alike`, () => {
      const p = provider(kind, 'k1', size);
      const a = Buffer.from(seal(p, plain, key));
      const b = Buffer.from(seal(p, plain, key));
      assert.ok(a.subarray(0, 40).toString("latin1").startsWith(`k8s:enc:${kind}:v1:k1:`));
      assert.ok(!a.includes(plain) && !a.equals(b), 'random IV or nonce each time');
      assert.deepEqual(Buffer.from(open([p], a, key).plain), plain);
      assert.equal(open([p], a, key).current, true);
    });
  }
}

test('aesgcm binds a value to its key: moved to another key it does not open', () => {
  const p = provider('aesgcm', 'k1');
  assert.throws(() => open([p], seal(p, plain, key), '/registry/core/secrets/default/b'), (e: Error) => e instanceof DecryptError && /does not open with aesgcm key "k1"/.test(e.message));
});

test('the provider a value names opens it; only the first provider\'s first key is current', () => {
  const old = provider('aescbc', 'old');
  const now = provider('secretbox', 'now');
  const both: Provider[] = [now, old, provider('identity', '')];
  const opened = open(both, seal(old, plain, key), key);
  assert.deepEqual(Buffer.from(opened.plain), plain);
  assert.equal(opened.current, false);
  assert.equal(open(both, plain, key).current, false, 'plain text, read through identity');
  assert.equal(open([provider('identity', ''), old], plain, key).current, true, 'identity first: plain text is current');
});

test('a value nothing configured opens is a DecryptError that says why', () => {
  const p = provider('aescbc', 'k1');
  assert.throws(() => open([provider('aesgcm', 'k2')], seal(p, plain, key), key), { name: 'DecryptError', message: `${key}: stored with aescbc key "k1", which the encryption provider config does not have` });
  assert.throws(() => open([p], plain, key), { name: 'DecryptError', message: `${key}: stored unencrypted, and the encryption provider config has no identity provider to read it` });
  const wrong: Provider = { kind: 'aescbc', keys: [{ name: 'k1', secret: randomBytes(32) }] };
  assert.throws(() => open([wrong], seal(p, plain, key), key), { name: 'DecryptError', message: `${key}: the value does not open with aescbc key "k1"` });
});
