// Reading the PKCS#10 request and the issued chain out of a CSR object, with Kubernetes' rules and texts.
// Mirrors `ParseCSR` in `pkg/apis/certificates/helpers.go` and `validateCSR`/`validateCertificate` in
// `pkg/apis/certificates/validation/validation.go`.

import { PkiError } from '../../pki/errors.js';
import { parseCsr, verifyCsrSignature, type CertificateRequest } from '../../pki/csr.js';
import { verifiedRequests } from '../../pki/verified-requests.js';
import { issuedCertificates } from '../../pki/issued-certificates.js';
import { parseCertificate } from '../../pki/certificate.js';
import { DerReader } from '../../pki/der/reader.js';
import { decodeAllPemGo, decodeBase64Std, decodePemGo } from '../go-encoding.js';
import { goQuote } from '../field-error.js';
import { NameAttr, nameValues } from '../../pki/name.js';

/** The PEM type a request must carry. */
export const certificateRequestBlockType = 'CERTIFICATE REQUEST';

/**
 * The bytes behind a wire `[]byte` field: null when absent (Go nil), else the decoded base64. Text
 * that is not valid base64 (possible only for objects that bypassed the decoder) is decoded leniently.
 */
export function wireBytes(b64: string | undefined | null): Uint8Array | null {
  if (b64 === undefined || b64 === null) return null;
  try {
    return decodeBase64Std(b64);
  } catch {
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }
}

/** Whether two wire `[]byte` fields hold the same bytes (absent equals empty, as Go's bytes.Equal says). */
export function sameWireBytes(a: string | undefined, b: string | undefined): boolean {
  if ((a ?? '') === (b ?? '')) return true;
  return Buffer.compare(wireBytes(a) ?? new Uint8Array(), wireBytes(b) ?? new Uint8Array()) === 0;
}

/** A request that Kubernetes would refuse, with the text it gives. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
}

/**
 * Parses `spec.request` bytes as Kubernetes does: the first PEM block (Go pem.Decode) must be a
 * `CERTIFICATE REQUEST` and hold a PKCS#10 request. Throws RequestError.
 */
export function parseRequest(pemBytes: Uint8Array | null): CertificateRequest {
  const found = decodePemGo(pemBytes ?? new Uint8Array());
  if (!found || found.block.type !== certificateRequestBlockType) {
    throw new RequestError('PEM block type must be CERTIFICATE REQUEST');
  }
  try {
    return parseCsr(found.block.bytes);
  } catch (err) {
    throw new RequestError(err instanceof Error ? err.message : String(err));
  }
}

// Go's crypto/x509 and crypto/rsa texts for a signature that does not verify.
const verifyFailureText: Readonly<Record<string, string>> = {
  rsa: 'crypto/rsa: verification error',
  ecdsa: 'x509: ECDSA verification failure',
  ed25519: 'x509: Ed25519 verification failure',
};

/**
 * What checkRequest said of one `spec.request` text, worked out ahead of validation (the API
 * server verifies the signature on a worker thread: it is the costliest step of a create).
 */
export interface RequestVerdict extends RequestInspection {
  /** The base64 text of `spec.request` that was checked. */
  readonly request: string;
}

/** What checking a request found, and what admission needs from it (so it need not parse again). */
export interface RequestInspection {
  /** Why the request is unacceptable, or undefined. */
  readonly problem: string | undefined;
  /** The subject's O values, when the request parsed. */
  readonly organizations?: readonly string[];
}

/** The request parsed, with the subject's organizations; or why it does not parse. */
export function readRequest(pemBytes: Uint8Array | null): { readonly csr: CertificateRequest; readonly organizations: readonly string[] } | { readonly problem: string } {
  try {
    const csr = parseRequest(pemBytes);
    return { csr, organizations: nameValues(csr.subject, NameAttr.O) };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

/** Why the request's self-signature is unacceptable, in Go's words, or undefined when it verifies. */
export function signatureProblem(csr: CertificateRequest): string | undefined {
  try {
    verifyCsrSignature(csr);
    return undefined;
  } catch (err) {
    if (err instanceof PkiError && err.kind === 'signature') return verifyFailureText[csr.signatureAlgorithm.keyAlgorithm] ?? err.message;
    return err instanceof Error ? err.message : String(err);
  }
}

/** Parses and verifies the request once: the problem, if any, and the subject's organizations. */
export function inspectRequest(pemBytes: Uint8Array | null): RequestInspection {
  const read = readRequest(pemBytes);
  if ('problem' in read) return read;
  const problem = signatureProblem(read.csr);
  if (problem === undefined) verifiedRequests.remember(read.csr.raw);
  return { problem, organizations: read.organizations };
}

/** Why the request is unacceptable (bad PEM, bad PKCS#10, bad self-signature), or undefined. */
export function checkRequest(pemBytes: Uint8Array | null): string | undefined {
  return inspectRequest(pemBytes).problem;
}

/**
 * Why `status.certificate` is unacceptable, or undefined. Empty is fine; otherwise every PEM block
 * must be a header-less CERTIFICATE of one or more DER certificates, and there must be at least one.
 * Text around the blocks is allowed (RFC 7468 explanatory text).
 */
export function checkCertificateChain(pemBytes: Uint8Array | null): string | undefined {
  if (!pemBytes || pemBytes.length === 0) return undefined;
  const blocks = decodeAllPemGo(pemBytes);
  for (const block of blocks) {
    if (block.type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found ${goQuote(block.type)}`;
    if (block.headers.size !== 0) return 'no PEM block headers are permitted';
    const problem = checkDerCertificates(block.bytes);
    if (problem) return problem;
  }
  if (blocks.length === 0) return 'must contain at least one CERTIFICATE PEM block';
  return undefined;
}

// Go's x509.ParseCertificates: consecutive DER certificates, at least one.
function checkDerCertificates(der: Uint8Array): string | undefined {
  let count = 0;
  try {
    const reader = new DerReader(der);
    while (reader.hasMore()) {
      const tlv = reader.read();
      const cert = der.subarray(tlv.start, tlv.end);
      if (!issuedCertificates.take(cert)) parseCertificate(cert);
      count++;
    }
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return count === 0 ? 'found CERTIFICATE PEM block containing 0 certificates' : undefined;
}
