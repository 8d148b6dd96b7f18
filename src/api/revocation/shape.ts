// The field shape of CertificateRevocations, for strict decoding. JSON and YAML only; the numbers
// keep the table's shape. Mirrors CertificateRevocation in ./types.ts.

import { f, kindShape, list, msg } from '../serialize/shape-kit.js';

/** certificates.signet.dev/v1alpha1 CertificateRevocation. */
export const certificateRevocationShape = kindShape('CertificateRevocation', [
  f('spec', 2, msg('CertificateRevocationSpec', [
    f('serialNumber', 1, 'string'), f('signerName', 2, 'string'), f('certificateSigningRequestName', 3, 'string'), f('username', 4, 'string'), f('reason', 5, 'string'),
  ])),
  f('status', 3, msg('CertificateRevocationStatus', [
    list('revoked', 1, msg('RevokedCertificate', [f('serialNumber', 1, 'string'), f('signerName', 2, 'string'), f('notAfter', 3, 'time')])),
  ])),
]);
