// One signature, as the signing threads and the inline signer both make it: the PKCS#10 request is
// verified against its own public key first, as Kubernetes' CA does before it signs.

import type { Issuer } from '../../pki/issuer.js';
import type { CertificateTemplate } from '../../pki/template.js';
import { parseCsr, verifyCsrSignature } from '../../pki/csr.js';

/** A request's DER, checked first unless this process verified it already, and the template to sign. */
export interface SignRequest {
  readonly request: Uint8Array;
  readonly verified: boolean;
  readonly template: CertificateTemplate;
}

/** The certificate DER; rejects a request that does not verify with `unable to verify certificate request signature: ...`. */
export function signRequest(issuer: Issuer, { request, verified, template }: SignRequest): Uint8Array {
  try {
    if (!verified) verifyCsrSignature(parseCsr(request));
  } catch (err) {
    throw new Error(`unable to verify certificate request signature: ${(err as Error).message}`);
  }
  return issuer.issue(template);
}
