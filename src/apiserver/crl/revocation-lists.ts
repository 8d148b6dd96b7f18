// The CRLs of the cluster CA's signers, made from the stored CertificateRevocations: one per
// signer name, X.509 v2, valid 24 h, signed again once two thirds of that have passed and after
// every revocation (lazily, when asked for). Entries leave an hour after their certificate
// expires. The CRL number is the signing time in milliseconds, never below the last one plus one,
// so it grows across restarts too (as long as the clock does not go back).

import type { KeyObject } from 'node:crypto';
import type { Certificate } from '../../pki/certificate.js';
import { encodeCrl, type CrlEntry } from '../../pki/crl.js';
import type { CertificateRevocation } from '../../api/revocation/types.js';

const hour = 3_600_000;
/** nextUpdate − thisUpdate. */
export const crlValidityMs = 24 * hour;
/** An entry stays this long past its certificate's notAfter (step-ca). */
const entryGraceMs = hour;

interface Signed {
  readonly der: Uint8Array;
  readonly version: number;
  readonly thisUpdate: number;
}

/** CRLs by signer name, for the signers one CA signs for. */
export class RevocationLists {
  readonly #signed = new Map<string, Signed>();
  #version = 0;
  #lastNumber = 0n;

  constructor(
    private readonly ca: Certificate,
    private readonly key: KeyObject,
    /** The signer names the CA signs for; others have no CRL here. */
    private readonly signerNames: ReadonlySet<string>,
    private readonly revocations: () => readonly CertificateRevocation[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A revocation was stored: every CRL is signed again when next asked for. */
  changed(): void {
    this.#version++;
  }

  /** The CRL DER for `signerName`, or undefined for a signer the CA does not sign for. */
  crl(signerName: string): Uint8Array | undefined {
    if (!this.signerNames.has(signerName)) return undefined;
    const now = this.clock().getTime();
    const signed = this.#signed.get(signerName);
    if (signed && signed.version === this.#version && now - signed.thisUpdate < (crlValidityMs * 2) / 3) return signed.der;
    const fresh = { der: this.#sign(signerName, now), version: this.#version, thisUpdate: now };
    this.#signed.set(signerName, fresh);
    return fresh.der;
  }

  #sign(signerName: string, now: number): Uint8Array {
    const entries: CrlEntry[] = [];
    for (const r of this.revocations()) {
      for (const c of r.status?.revoked ?? []) {
        if (c.signerName !== signerName || Date.parse(c.notAfter) + entryGraceMs < now) continue;
        entries.push({ serialNumber: Buffer.from(c.serialNumber.length % 2 ? `0${c.serialNumber}` : c.serialNumber, 'hex'), revokedAt: new Date(r.metadata.creationTimestamp ?? now), reason: r.spec.reason });
      }
    }
    const number = BigInt(now) > this.#lastNumber ? BigInt(now) : this.#lastNumber + 1n;
    this.#lastNumber = number;
    // Whole seconds: X.509 times carry no fraction.
    const thisUpdate = new Date(Math.floor(now / 1000) * 1000);
    return encodeCrl(this.ca, this.key, { thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + crlValidityMs), number, entries });
  }
}
