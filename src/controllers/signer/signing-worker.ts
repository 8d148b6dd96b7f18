// A signing thread: holds one CA (certificate and private key) and turns certificate templates
// into certificate DER, so that signing runs on every core while the main thread serves.

import { parentPort, workerData } from 'node:worker_threads';
import { Issuer } from '../../pki/issuer.js';
import { parseCertificatePem } from '../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../pki/keys.js';
import type { CertificateTemplate } from '../../pki/template.js';

/** What the pool sends: a request id and the template. */
export interface SignRequest {
  readonly id: number;
  readonly template: CertificateTemplate;
}

/** What the thread answers: the certificate DER, or the error text. */
export type SignResponse = { readonly id: number; readonly der: Uint8Array } | { readonly id: number; readonly error: string };

const { certPem, keyPem } = workerData as { certPem: string; keyPem: string };
const issuer = new Issuer(parseCertificatePem(certPem), decodePrivateKeyPem(keyPem));

parentPort!.on('message', (req: SignRequest) => {
  try {
    const der = issuer.issue(req.template);
    parentPort!.postMessage({ id: req.id, der } satisfies SignResponse, [der.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: (err as Error).message } satisfies SignResponse);
  }
});
