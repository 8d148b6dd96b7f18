// Random octets from the CSPRNG, drawn a pool at a time: each node:crypto call has a fixed cost of
// microseconds, several times what the 16 or 20 octets of a serial number cost to make. Every
// octet is handed out once, so what a caller gets is as unpredictable as randomBytes' own.

import { randomBytes, randomFillSync } from 'node:crypto';

const pool = Buffer.allocUnsafe(4096);
let next = pool.length;

/** `size` random octets. */
export function randomOctets(size: number): Uint8Array {
  if (size > 256) return new Uint8Array(randomBytes(size));
  if (next + size > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const out = new Uint8Array(size);
  out.set(pool.subarray(next, next + size));
  next += size;
  return out;
}
