// The serials of revoked certificates, from the CertificateRevocations: the x509 authenticator
// refuses them on every request, keep-alive connections included. Filled from the watch cache
// before the server listens, then by each revocation as it is stored (before its creator is
// answered), so a revocation is enforced from its 201 on, and after a restart from the start.

import type { CertificateRevocation } from '../../api/revocation/types.js';

/** Revoked serials, in the ledger's form (lower-case hex). */
export class RevokedCertificates {
  readonly #serials = new Set<string>();

  /** Takes in what `revocation` revoked. */
  add(revocation: CertificateRevocation): void {
    for (const c of revocation.status?.revoked ?? []) this.#serials.add(c.serialNumber);
  }

  has(serial: string): boolean {
    return this.#serials.has(serial);
  }
}
