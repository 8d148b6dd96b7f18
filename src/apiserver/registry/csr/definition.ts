// CertificateSigningRequests in the registry: v1 stored, v1beta1 served by conversion, and the
// three write paths (the resource, /status, /approval) with Kubernetes' strategies.
// Mirrors kubernetes pkg/registry/certificates/certificates/{strategy,storage}.go.

import { type ApiObject, type ResourceDefinition, type ServedVersion, type Strategy } from '../resource.js';
import type { CertificateSigningRequest, CertificateSigningRequestV1beta1 } from '../../../api/certificates/types.js';
import {
  csrSelectableFieldNames, csrSelectableFields, csrStrategyFlags, prepareForCreate, prepareForWrite, validateForCreate,
  validateForWrite, type CsrWritePath,
} from '../../../api/certificates/strategy.js';
import { convertV1ToV1beta1, defaultCsrV1, defaultCsrV1beta1, convertV1beta1ToV1 } from '../../../api/certificates/v1beta1.js';
import { csrGroupKind, csrGroupResource } from '../../../api/errors.js';
import { fillCsrZeroValues } from '../../../api/certificates/zero-values.js';
import type { RequestVerdict } from '../../../api/certificates/request.js';
import { csrColumnDefinitions, csrCells } from '../../../api/certificates/table.js';
import { csrShape } from '../../../api/certificates/shape.js';
import { csrSchema } from '../../../api/certificates/openapi-schema.js';
import { ledgerEntry } from '../../../api/issued-certificates/ledger-entry.js';
import { issuedCertificateGroup } from '../../../api/issued-certificates/types.js';

const issuedCertificateGroupResource = { group: issuedCertificateGroup, resource: 'issuedcertificates' };

const asCsr = (o: ApiObject): CertificateSigningRequest => o as unknown as CertificateSigningRequest;
const asObject = (c: CertificateSigningRequest | CertificateSigningRequestV1beta1): ApiObject => c as unknown as ApiObject;

function writePath(path: CsrWritePath): Strategy {
  return {
    allowUnconditionalUpdate: csrStrategyFlags.allowUnconditionalUpdate,
    prepareForUpdate: (ctx, obj, old) => asObject(prepareForWrite(path, asCsr(obj), asCsr(old), ctx.now)),
    validateUpdate: (ctx, obj, old) => validateForWrite(path, asCsr(obj), asCsr(old), ctx.version),
  };
}

const v1: ServedVersion = {
  version: 'v1',
  schema: csrSchema('v1'),
  toVersion: (o) => o,
  fromVersion: (o) => asObject(defaultCsrV1(fillCsrZeroValues(asCsr(o)))),
};

const v1beta1: ServedVersion = {
  version: 'v1beta1',
  schema: csrSchema('v1beta1'),
  toVersion: (o) => asObject(convertV1ToV1beta1(asCsr(o))),
  fromVersion: (o) => asObject(defaultCsrV1(convertV1beta1ToV1(defaultCsrV1beta1(fillCsrZeroValues(o as unknown as CertificateSigningRequestV1beta1))))),
};

/** The CertificateSigningRequest resource. */
export const csrDefinition: ResourceDefinition = {
  groupResource: csrGroupResource,
  groupKind: csrGroupKind,
  kind: 'CertificateSigningRequest',
  listKind: 'CertificateSigningRequestList',
  namespaced: false,
  names: { singular: 'certificatesigningrequest', shortNames: ['csr'], categories: [] },
  shape: csrShape,
  admission: ['CertificateApproval', 'CertificateSigning', 'CertificateSubjectRestriction'],
  versions: [v1, v1beta1],
  strategy: {
    ...writePath('main'),
    prepareForCreate: (ctx, obj) => asObject(prepareForCreate(asCsr(obj), ctx.user)),
    validate: (ctx, obj, precheck) => validateForCreate(asCsr(obj), ctx.version, precheck as RequestVerdict | undefined),
  },
  subresources: { status: writePath('status'), approval: writePath('approval') },
  selectableFieldNames: csrSelectableFieldNames,
  selectableFields: (obj) => csrSelectableFields(asCsr(obj)),
  table: {
    columns: csrColumnDefinitions,
    cells: (obj, now) => csrCells(asCsr(obj), now),
  },
  // The certificate a signer writes is recorded in the ledger in the same commit.
  companions: (next, current) => {
    if ((asCsr(current).status?.certificate ?? '') !== '' || (asCsr(next).status?.certificate ?? '') === '') return [];
    const entry = ledgerEntry(asCsr(next));
    return entry ? [{ groupResource: issuedCertificateGroupResource, object: entry as unknown as ApiObject }] : [];
  },
};
