// coordination.k8s.io/v1 Leases (leader election). Mirrors kubernetes pkg/registry/coordination/lease/strategy.go.

import type { ResourceDefinition } from '../resource.js';
import { age, ageColumn, column, nameRule, simpleDefinition } from '../simple-definition.js';
import { isDns1123Subdomain } from '../../../api/validation/names.js';
import { validateLease } from '../../../api/coordination/validation.js';
import { leaseShape } from '../../../api/coordination/shape.js';
import { leaseSchema } from '../../../api/coordination/openapi-schema.js';

/** The Lease resource. */
export const leaseDefinition: ResourceDefinition = simpleDefinition({
  group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true, schema: leaseSchema, shape: leaseShape,
  nameFn: nameRule(isDns1123Subdomain),
  validate: (obj) => validateLease(obj as Parameters<typeof validateLease>[0]),
  columns: [column('Holder', 'The holder of the lease'), ageColumn],
  cells: (obj, now) => [(obj as { spec?: { holderIdentity?: string } }).spec?.holderIdentity ?? '', age(obj, now)],
});
