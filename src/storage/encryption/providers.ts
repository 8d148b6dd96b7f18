// The value transformers of kube-apiserver's EncryptionConfiguration, in its stored format: a
// prefix `k8s:enc:<provider>:v1:<key name>:` and the sealed bytes. aescbc is AES-CBC with PKCS#7
// padding and a random 16-byte IV in front; aesgcm is AES-GCM with a random 12-byte nonce in front
// and the 16-byte tag behind, the storage key as additional data, so a value cannot be moved to
// another key; secretbox is NaCl's, a random 24-byte nonce in front. Mirrors
// k8s.io/apiserver/pkg/storage/value/encrypt/{aes,secretbox}.

import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import { secretboxOpen, secretboxSeal } from './secretbox.js';

const gcm = (bytes: number): CipherGCMTypes => `aes-${bytes * 8}-gcm` as CipherGCMTypes;

/** One named key of a provider. */
export interface ProviderKey {
  readonly name: string;
  readonly secret: Buffer;
}

/** A provider with its keys: the first key seals, each key opens what it sealed. */
export interface Provider {
  readonly kind: 'aescbc' | 'aesgcm' | 'secretbox' | 'identity';
  readonly keys: readonly ProviderKey[];
}

/** A stored value that no configured provider can open. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
}

const prefixOf = (kind: string, key: string): Buffer => Buffer.from(`k8s:enc:${kind}:v1:${key}:`);

/** `plain` sealed by the first key of `provider`, for the storage key `key`. */
export function seal(provider: Provider, plain: Uint8Array, key: string): Uint8Array {
  if (provider.kind === 'identity') return plain;
  const k = provider.keys[0]!;
  if (provider.kind === 'aescbc') {
    const iv = randomBytes(16);
    const cipher = createCipheriv(`aes-${k.secret.length * 8}-cbc`, k.secret, iv);
    return Buffer.concat([prefixOf('aescbc', k.name), iv, cipher.update(plain), cipher.final()]);
  }
  if (provider.kind === 'secretbox') {
    const nonce = randomBytes(24);
    return Buffer.concat([prefixOf('secretbox', k.name), nonce, secretboxSeal(plain, nonce, k.secret)]);
  }
  const nonce = randomBytes(12);
  const cipher = createCipheriv(gcm(k.secret.length), k.secret, nonce);
  cipher.setAAD(Buffer.from(key));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([prefixOf('aesgcm', k.name), nonce, body, cipher.getAuthTag()]);
}

/** What opening a stored value found: the plain bytes and whether the first provider's first key sealed them. */
export interface Opened {
  readonly plain: Uint8Array;
  readonly current: boolean;
}

/** Opens a stored value with whichever provider and key its prefix names. */
export function open(providers: readonly Provider[], stored: Uint8Array, key: string): Opened {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  for (const [i, provider] of providers.entries()) {
    if (provider.kind === 'identity') continue;
    for (const [j, k] of provider.keys.entries()) {
      const prefix = prefixOf(provider.kind, k.name);
      if (!bytes.subarray(0, prefix.length).equals(prefix)) continue;
      const sealed = bytes.subarray(prefix.length);
      try {
        return { plain: openWith(provider.kind, k, sealed, key), current: i === 0 && j === 0 };
      } catch {
        throw new DecryptError(`${key}: the value does not open with ${provider.kind} key "${k.name}"`);
      }
    }
  }
  if (bytes.subarray(0, 8).toString('latin1') === 'k8s:enc:') {
    const named = bytes.subarray(8, 80).toString('latin1').split(':');
    throw new DecryptError(`${key}: stored with ${named[0]} key "${named[2] ?? ''}", which the encryption provider config does not have`);
  }
  const identity = providers.findIndex((p) => p.kind === 'identity');
  if (identity < 0) throw new DecryptError(`${key}: stored unencrypted, and the encryption provider config has no identity provider to read it`);
  return { plain: stored, current: identity === 0 };
}

function openWith(kind: Provider['kind'], k: ProviderKey, sealed: Buffer, key: string): Uint8Array {
  if (kind === 'aescbc') return openCbc(k, sealed);
  if (kind === 'aesgcm') return openGcm(k, sealed, key);
  const plain = secretboxOpen(sealed.subarray(24), sealed.subarray(0, 24), k.secret);
  if (!plain) throw new Error('secretbox: the box does not open');
  return plain;
}

function openCbc(k: ProviderKey, sealed: Buffer): Buffer {
  const decipher = createDecipheriv(`aes-${k.secret.length * 8}-cbc`, k.secret, sealed.subarray(0, 16));
  return Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]);
}

function openGcm(k: ProviderKey, sealed: Buffer, key: string): Buffer {
  const decipher = createDecipheriv(gcm(k.secret.length), k.secret, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(key));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}
