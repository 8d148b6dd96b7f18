// A signing thread: holds one CA (certificate and private key) and turns certificate templates
// into certificate DER, so that signing runs on every core while the main thread serves.

import { workerData } from 'node:worker_threads';
import { answerRequests } from '../../apiserver/worker-pool.js';
import { Issuer } from '../../pki/issuer.js';
import { parseCertificatePem } from '../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../pki/keys.js';
import type { CertificateTemplate } from '../../pki/template.js';
import { parseCsr, verifyCsrSignature } from '../../pki/csr.js';

/** What the pool sends: the request's DER, checked first, and the template to sign. */
export interface SignRequest {
  readonly request: Uint8Array;
  readonly template: CertificateTemplate;
}

const { certPem, keyPem } = workerData as { certPem: string; keyPem: string };
const issuer = new Issuer(parseCertificatePem(certPem), decodePrivateKeyPem(keyPem));

function sign({ request, template }: SignRequest): Uint8Array {
  try {
    verifyCsrSignature(parseCsr(request));
  } catch (err) {
    throw new Error(`unable to verify certificate request signature: ${(err as Error).message}`);
  }
  return issuer.issue(template);
}

answerRequests(sign, (der) => [der.buffer as ArrayBuffer]);
