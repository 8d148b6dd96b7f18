// The certificate Kubernetes' in-tree CA issues for an approved request: the request's subject
// re-encoded as Go writes it, its DNS/e-mail/IP/URI SANs, KeyUsage and ExtKeyUsage from the
// usages, CA:FALSE, and nothing else the request asked for.
// Mirrors kubernetes pkg/controller/certificates/authority/{authority,policies}.go.

import type { CertificateRequest } from '../../pki/csr.js';
import type { CertificateTemplate } from '../../pki/template.js';
import type { RandomSource } from '../../pki/issuer.js';
import { reencodeAsGo } from '../../pki/name.js';
import { resolveUsages } from '../../pki/usages.js';
import { kubernetesValidity } from '../../pki/validity.js';

/** A serial in [0, 2^128), as the in-tree CA draws it. */
function serial128(random: RandomSource): Uint8Array {
  const s = random(16);
  if (s.every((b) => b === 0)) s[15] = 1;
  return s;
}

/** The template for `req`; throws PkiError when the CA cannot sign (expired). */
export function kubernetesTemplate(
  req: CertificateRequest,
  usages: readonly string[],
  expirationSeconds: number | undefined,
  maxDurationMs: number,
  caNotAfter: Date,
  now: Date,
  random: RandomSource,
): CertificateTemplate {
  const resolved = resolveUsages(usages, 'go');
  return {
    serialNumber: serial128(random),
    subject: reencodeAsGo(req.subject).raw,
    publicKeyInfo: req.publicKey.raw,
    ...kubernetesValidity(now, maxDurationMs, expirationSeconds, caNotAfter),
    keyUsage: resolved.keyUsage,
    extKeyUsage: resolved.extKeyUsage,
    basicConstraints: { ca: false },
    sans: req.sans,
  };
}
