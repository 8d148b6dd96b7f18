// The PKCS#10 request of a CertificateSigningRequest, parsed once for the controllers that read it
// in turn: an approver parses it when the request arrives, and the signer takes that parse when it
// signs the approved request, so a certificate costs one parse. The signer's take ends the entry;
// requests never signed give way to newer ones.

import { parseCsrPem, type CertificateRequest } from '../pki/csr.js';
import type { CertificateSigningRequest } from '../api/certificates/types.js';
import { setBounded } from '../runtime/bounded-map.js';

const capacity = 1024;
const parsed = new Map<string, CertificateRequest>();

function parse(text: string): CertificateRequest {
  return parseCsrPem(Buffer.from(text, 'base64').toString('latin1'));
}

/** The request of `csr` for a controller that decides on it; throws if it does not parse. */
export function parsedRequest(csr: CertificateSigningRequest): CertificateRequest {
  const text = csr.spec.request ?? '';
  let req = parsed.get(text);
  if (!req) {
    req = parse(text);
    setBounded(parsed, text, req, capacity);
  }
  return req;
}

/** The request of `csr` for the signer, its last reader: the parse is not kept. */
export function takeParsedRequest(csr: CertificateSigningRequest): CertificateRequest {
  const text = csr.spec.request ?? '';
  const req = parsed.get(text);
  if (!req) return parse(text);
  parsed.delete(text);
  return req;
}
