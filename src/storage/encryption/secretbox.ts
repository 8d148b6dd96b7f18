// NaCl's secretbox (XSalsa20 with Poly1305), the cipher of kube-apiserver's `secretbox` provider,
// which Node's crypto does not offer: tag (16 bytes) then ciphertext, for a 32-byte key and a
// 24-byte nonce. Written from the Salsa20 and Poly1305 specifications (Bernstein), checked in the
// tests against vectors from the reference implementation. Values at rest are small, so the
// Poly1305 arithmetic uses BigInt rather than limbs.

const sigma = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];

const rotl = (v: number, c: number): number => (v << c) | (v >>> (32 - c));

/** The 20 rounds of Salsa20 over `x`, in place. */
function rounds(x: Uint32Array): void {
  const q = (a: number, b: number, c: number, d: number): void => {
    x[b]! ^= rotl((x[a]! + x[d]!) | 0, 7);
    x[c]! ^= rotl((x[b]! + x[a]!) | 0, 9);
    x[d]! ^= rotl((x[c]! + x[b]!) | 0, 13);
    x[a]! ^= rotl((x[d]! + x[c]!) | 0, 18);
  };
  for (let i = 0; i < 10; i++) {
    q(0, 4, 8, 12); q(5, 9, 13, 1); q(10, 14, 2, 6); q(15, 3, 7, 11);
    q(0, 1, 2, 3); q(5, 6, 7, 4); q(10, 11, 8, 9); q(15, 12, 13, 14);
  }
}

/** The Salsa20 input block: constants, key and a 16-byte `input` (nonce and counter, or HSalsa20's nonce). */
function block(key: Uint8Array, input: Uint8Array): Uint32Array {
  const k = new DataView(key.buffer, key.byteOffset, 32);
  const n = new DataView(input.buffer, input.byteOffset, 16);
  const s = new Uint32Array(16);
  s[0] = sigma[0]!; s[5] = sigma[1]!; s[10] = sigma[2]!; s[15] = sigma[3]!;
  for (let i = 0; i < 4; i++) {
    s[1 + i] = k.getUint32(4 * i, true);
    s[11 + i] = k.getUint32(16 + 4 * i, true);
    s[6 + i] = n.getUint32(4 * i, true);
  }
  return s;
}

/** HSalsa20: a subkey from a key and the first 16 bytes of an XSalsa20 nonce. */
function hsalsa20(key: Uint8Array, nonce16: Uint8Array): Uint8Array {
  const x = block(key, nonce16);
  rounds(x);
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  [0, 5, 10, 15, 6, 7, 8, 9].forEach((w, i) => v.setUint32(4 * i, x[w]!, true));
  return out;
}

/** `length` bytes of the XSalsa20 key stream. */
function xsalsa20Stream(key: Uint8Array, nonce: Uint8Array, length: number): Uint8Array {
  const subkey = hsalsa20(key, nonce.subarray(0, 16));
  const input = new Uint8Array(16);
  input.set(nonce.subarray(16, 24));
  const counter = new DataView(input.buffer);
  const out = new Uint8Array(Math.ceil(length / 64) * 64);
  const view = new DataView(out.buffer);
  for (let b = 0; b * 64 < length; b++) {
    counter.setUint32(8, b >>> 0, true);
    counter.setUint32(12, Math.floor(b / 2 ** 32), true);
    const start = block(subkey, input);
    const x = start.slice();
    rounds(x);
    for (let i = 0; i < 16; i++) view.setUint32(b * 64 + 4 * i, (x[i]! + start[i]!) >>> 0, true);
  }
  return out.subarray(0, length);
}

const le = (bytes: Uint8Array): bigint => {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
};

const p1305 = (1n << 130n) - 5n;

/** The Poly1305 tag of `message` under the one-time key `key` (32 bytes). */
function poly1305(message: Uint8Array, key: Uint8Array): Uint8Array {
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(key.subarray(16, 32));
  let acc = 0n;
  for (let i = 0; i < message.length; i += 16) {
    const chunk = message.subarray(i, i + 16);
    acc = ((acc + le(chunk) + (1n << BigInt(8 * chunk.length))) * r) % p1305;
  }
  let tag = (acc + s) & ((1n << 128n) - 1n);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++, tag >>= 8n) out[i] = Number(tag & 0xffn);
  return out;
}

/** secretbox(message): the 16-byte tag, then the ciphertext. */
export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  const stream = xsalsa20Stream(key, nonce, 32 + message.length);
  const out = new Uint8Array(16 + message.length);
  for (let i = 0; i < message.length; i++) out[16 + i] = message[i]! ^ stream[32 + i]!;
  out.set(poly1305(out.subarray(16), stream.subarray(0, 32)), 0);
  return out;
}

/** The message of a sealed box, or undefined if it was not sealed with this key and nonce. */
export function secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  if (box.length < 16) return undefined;
  const stream = xsalsa20Stream(key, nonce, 16 + box.length);
  const expected = poly1305(box.subarray(16), stream.subarray(0, 32));
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= expected[i]! ^ box[i]!;
  if (diff !== 0) return undefined;
  const out = new Uint8Array(box.length - 16);
  for (let i = 0; i < out.length; i++) out[i] = box[16 + i]! ^ stream[32 + i]!;
  return out;
}
