// The field shape of IssuedCertificates, for strict decoding. Nobody sends one (the API server
// writes them); the shape still decodes a listed or watched one the same way as every kind.
// Mirrors IssuedCertificate in ./types.ts.

import { f, kindShape, list, msg } from '../serialize/shape-kit.js';

/** certificates.signet.dev/v1alpha1 IssuedCertificate. */
export const issuedCertificateShape = kindShape('IssuedCertificate', [f('spec', 2, msg('IssuedCertificateSpec', [
  f('serialNumber', 1, 'string'), f('signerName', 2, 'string'), f('issuerKeyId', 3, 'string'), f('username', 4, 'string'),
  list('groups', 5, 'string'), f('notBefore', 6, 'time'), f('notAfter', 7, 'time'),
  f('certificateSigningRequest', 8, msg('CertificateSigningRequestReference', [f('name', 1, 'string'), f('uid', 2, 'string')])),
  f('requestor', 9, 'string'), f('sha256', 10, 'string'),
]))]);
