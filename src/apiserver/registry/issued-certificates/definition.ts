// IssuedCertificates (certificates.signet.dev/v1alpha1): the ledger of issued certificates. The API
// server alone writes them, with the certificate they record (the CSR definition's companions);
// users may get, list and watch them, and delete one only once it is past its retention
// (IssuedCertificateRetention admission), as the cleaner does.

import type { ApiObject, ResourceDefinition } from '../resource.js';
import { column, nameRule, simpleDefinition } from '../simple-definition.js';
import { isDns1123Subdomain } from '../../../api/validation/names.js';
import { issuedCertificateGroup, issuedCertificateVersion, type IssuedCertificate } from '../../../api/issued-certificates/types.js';
import { issuedCertificateShape } from '../../../api/issued-certificates/shape.js';
import { issuedCertificateSchema } from '../../../api/issued-certificates/openapi-schema.js';

const asEntry = (o: ApiObject): IssuedCertificate => o as unknown as IssuedCertificate;

const base = simpleDefinition({
  group: issuedCertificateGroup,
  version: issuedCertificateVersion,
  resource: 'issuedcertificates',
  kind: 'IssuedCertificate',
  namespaced: false,
  shortNames: ['issuedcert'],
  verbs: ['delete', 'get', 'list', 'watch'],
  admission: ['IssuedCertificateRetention'],
  shape: issuedCertificateShape,
  schema: issuedCertificateSchema,
  nameFn: nameRule(isDns1123Subdomain),
  columns: [
    column('User', 'The subject CN: the user the certificate authenticates as'),
    column('Groups', 'The subject O values'),
    column('Signer', 'The signer of the request the certificate was written into'),
    column('Expires', 'The end of the certificate\'s validity', 0, 'string', 'date-time'),
    column('Revoked', 'Whether the certificate is revoked'),
  ],
  cells: (obj) => {
    const { spec } = asEntry(obj);
    return [spec?.username ?? '', (spec?.groups ?? []).join(',') || '<none>', spec?.signerName ?? '', spec?.notAfter ?? '', 'No'];
  },
});

/** The IssuedCertificate resource; field selectors by user and signer. */
export const issuedCertificateDefinition: ResourceDefinition = {
  ...base,
  selectableFieldNames: ['metadata.name', 'spec.signerName', 'spec.username'],
  selectableFields: (obj) => ({ 'metadata.name': obj.metadata.name ?? '', 'spec.signerName': asEntry(obj).spec?.signerName ?? '', 'spec.username': asEntry(obj).spec?.username ?? '' }),
};

/** The definition whose Revoked column asks `isRevoked` (the server's revocations). */
export function withRevocations(def: ResourceDefinition, isRevoked: (serial: string) => boolean): ResourceDefinition {
  return {
    ...def,
    table: {
      columns: def.table.columns,
      cells: (obj, now) => {
        const cells = def.table.cells(obj, now);
        cells[cells.length - 1] = isRevoked(obj.metadata.name ?? '') ? 'Yes' : 'No';
        return cells;
      },
    },
  };
}
