// The PKCS#10 request of a CertificateSigningRequest, parsed once for everything in this process
// that reads it in turn: the API server parses it when the request is created, the approver reads
// that parse when it decides, and the signer takes it when it signs the approved request, so a
// certificate costs one parse. The signer's take ends the entry; requests never signed give way to
// newer ones, and are parsed again if read after that.

import { parseCsrPem, type CertificateRequest } from '../../pki/csr.js';
import type { CertificateSigningRequest } from './types.js';

const capacity = 1024;
/** By spec.request text (base64 of the PEM), oldest first. */
const parsed = new Map<string, CertificateRequest>();

function parse(text: string): CertificateRequest {
  return parseCsrPem(Buffer.from(text, 'base64').toString('latin1'));
}

/** Keeps the parse of `text` (a spec.request just created) for the controllers that read it next. */
export function rememberParsedRequest(text: string, req: CertificateRequest): void {
  parsed.delete(text);
  parsed.set(text, req);
  if (parsed.size > capacity) parsed.delete(parsed.keys().next().value!);
}

/** The request of `csr` for a controller that decides on it; throws if it does not parse. */
export function parsedRequest(csr: CertificateSigningRequest): CertificateRequest {
  const text = csr.spec.request ?? '';
  let req = parsed.get(text);
  if (!req) {
    req = parse(text);
    rememberParsedRequest(text, req);
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
