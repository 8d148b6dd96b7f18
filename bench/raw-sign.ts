// The machine's signing limit, measured in the same run as the comparison: node:crypto signing a
// buffer the size of a real certificate's TBS with the very CA key both servers use.

import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Rate and CPU cost of bare signatures on one thread. */
export interface RawSign {
  readonly tbsBytes: number;
  readonly perSecond: number;
  readonly cpuMsPerSign: number;
}

/** Length of a DER TLV starting at `at` (header included). */
function tlvLength(der: Uint8Array, at: number): number {
  const first = der[at + 1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i]!;
  return 2 + n + len;
}

/** Size of the to-be-signed part of a PEM certificate: the first element of its outer SEQUENCE. */
export function tbsLength(certPem: string): number {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const outerHeader = der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
  return tlvLength(der, outerHeader);
}

/** Signs a `tbsBytes` buffer with the key in `keyFile` for about `ms` (at most 200,000 times). */
export function measureRawSign(keyFile: string, tbsBytes: number, ms = 1500): RawSign {
  const key = createPrivateKey(readFileSync(keyFile));
  const data = Buffer.alloc(tbsBytes, 0x5a);
  for (let i = 0; i < 50; i++) sign('sha256', data, key);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (n < 200_000 && performance.now() - start < ms) {
    for (let i = 0; i < 8; i++) sign('sha256', data, key);
    n += 8;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { tbsBytes, perSecond: n / seconds, cpuMsPerSign: (cpu.user + cpu.system) / 1000 / n };
}
