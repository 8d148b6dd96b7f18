// A signing thread: holds one CA (certificate and private key) and turns certificate templates
// into certificate DER, so that RSA signing runs on every core while the main thread serves.

import { workerData } from 'node:worker_threads';
import { answerRequests } from '../../runtime/worker-pool.js';
import { Issuer } from '../../pki/issuer.js';
import { parseCertificatePem } from '../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../pki/keys.js';
import { signRequest, type SignRequest } from './sign-request.js';

const { certPem, keyPem } = workerData as { certPem: string; keyPem: string };
const issuer = new Issuer(parseCertificatePem(certPem), decodePrivateKeyPem(keyPem));

answerRequests((req: SignRequest) => signRequest(issuer, req), (der) => [der.buffer as ArrayBuffer]);
