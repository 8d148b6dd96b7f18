// CertificateRevocations (certificates.signet.dev/v1alpha1): created, read, never changed, and
// deleted only once every certificate they revoked is 72 hours past its notAfter (revocation is
// final; IssuedCertificateRetention admission). What one revokes is worked out when it is created
// (CertificateRevocation admission) and recorded in its status.

import type { ApiObject } from '../resource.js';
import { ageColumn, age, column, nameRule, simpleDefinition } from '../simple-definition.js';
import { isDns1123Subdomain } from '../../../api/validation/names.js';
import { issuedCertificateGroup, issuedCertificateVersion } from '../../../api/issued-certificates/types.js';
import type { CertificateRevocation } from '../../../api/revocation/types.js';
import { validateCertificateRevocation } from '../../../api/revocation/validation.js';
import { certificateRevocationShape } from '../../../api/revocation/shape.js';
import { certificateRevocationSchema } from '../../../api/revocation/openapi-schema.js';

const asRevocation = (o: ApiObject): CertificateRevocation => o as unknown as CertificateRevocation;

function selectorCell(r: CertificateRevocation): string {
  const s = r.spec ?? {};
  if (s.serialNumber) return `serial ${s.serialNumber}`;
  if (s.certificateSigningRequestName) return `csr ${s.certificateSigningRequestName}`;
  return `user ${s.username ?? ''}`;
}

/** The CertificateRevocation resource. */
export const certificateRevocationDefinition = simpleDefinition({
  group: issuedCertificateGroup,
  version: issuedCertificateVersion,
  resource: 'certificaterevocations',
  kind: 'CertificateRevocation',
  namespaced: false,
  shortNames: ['certrev'],
  verbs: ['create', 'delete', 'get', 'list', 'watch'],
  admission: ['CertificateRevocation', 'IssuedCertificateRetention'],
  shape: certificateRevocationShape,
  schema: certificateRevocationSchema,
  nameFn: nameRule(isDns1123Subdomain),
  validate: (obj) => validateCertificateRevocation(asRevocation(obj)),
  // The status is the server's: what the ledger says the selector names.
  prepareForCreate: (_ctx, obj) => ({ ...obj, status: {} }),
  columns: [
    column('Selector', 'What the revocation names'),
    column('Reason', 'The RFC 5280 reason'),
    column('Revoked', 'How many certificates it revoked', 0, 'integer'),
    ageColumn,
  ],
  cells: (obj, now) => [selectorCell(asRevocation(obj)), asRevocation(obj).spec?.reason ?? 'unspecified', asRevocation(obj).status?.revoked?.length ?? 0, age(obj, now)],
});
