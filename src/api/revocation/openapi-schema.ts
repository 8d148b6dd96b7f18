// OpenAPI schema data for CertificateRevocations, for kubectl explain and apply.

import { kindSchema } from '../openapi/kind-schema.js';
import { array, object, str, type KindSchema } from '../openapi/schema-kit.js';
import { issuedCertificateGroup, issuedCertificateVersion } from '../issued-certificates/types.js';

/** certificates.signet.dev/v1alpha1 CertificateRevocation. */
export const certificateRevocationSchema: KindSchema = kindSchema({ pkg: 'dev.signet.certificates.v1alpha1', group: issuedCertificateGroup, version: issuedCertificateVersion, kind: 'CertificateRevocation',
  description: 'CertificateRevocation takes issued certificates back: from its creation on, the API server refuses them (401). It names exactly one selector, is resolved through the IssuedCertificate ledger when created, cannot be changed, and stays until every certificate it revoked is 72 hours past its notAfter.',
  required: ['spec'], properties: {
    spec: object('CertificateRevocationSpec says which certificates to revoke, and why.', {
      serialNumber: str('serialNumber revokes one certificate by its serial in hex, as openssl x509 -serial prints it.'),
      signerName: str('signerName narrows serialNumber or username to the certificates of one signer.'),
      certificateSigningRequestName: str('certificateSigningRequestName revokes the certificate issued for that request, also after the request is gone.'),
      username: str('username revokes every unexpired certificate whose subject CN is this user.'),
      reason: str('reason is an RFC 5280 reason: unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn.'),
    }),
    status: object('CertificateRevocationStatus lists what the revocation took back.', {
      revoked: array(object('RevokedCertificate is one certificate revoked.', {
        serialNumber: str('serialNumber of the certificate, in lower-case hex.'),
        signerName: str('signerName of its request.'),
        notAfter: str('notAfter of the certificate.', { format: 'date-time' }),
      }), 'revoked are the certificates revoked.'),
    }),
  } });
