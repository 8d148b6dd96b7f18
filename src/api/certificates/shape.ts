// The field shape of CertificateSigningRequests, for strict decoding.
// Mirrors k8s.io/api/certificates/v1 generated.proto (v1beta1 has the same fields and numbers).

import { extraMap, f, kindShape, list, msg } from '../serialize/shape-kit.js';

const csrCondition = msg('CertificateSigningRequestCondition', [
  f('type', 1, 'string'), f('status', 6, 'string'), f('reason', 2, 'string'), f('message', 3, 'string'),
  f('lastUpdateTime', 4, 'time'), f('lastTransitionTime', 5, 'time'),
]);

/** certificates.k8s.io/v1 (and v1beta1) CertificateSigningRequest. */
export const csrShape = kindShape('CertificateSigningRequest', [
  f('spec', 2, msg('CertificateSigningRequestSpec', [
    f('request', 1, 'bytes'), f('signerName', 7, 'string', { presence: true }), f('expirationSeconds', 8, 'int32', { presence: true }),
    list('usages', 5, 'keyUsage'), f('username', 2, 'string'), f('uid', 3, 'string'), list('groups', 4, 'string'), f('extra', 6, extraMap),
  ])),
  f('status', 3, msg('CertificateSigningRequestStatus', [list('conditions', 1, csrCondition), f('certificate', 2, 'bytes')])),
]);
