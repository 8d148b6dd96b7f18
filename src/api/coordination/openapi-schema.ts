// OpenAPI schema data for Leases.
// Mirrors io.k8s.api.coordination.v1.* of kube-apiserver 1.32 (fields kubectl uses; descriptions abridged).

import { kindSchema } from '../openapi/kind-schema.js';
import { MICRO_TIME } from '../openapi/meta-schemas.js';
import { int, object, refField, str, type KindSchema } from '../openapi/schema-kit.js';

const COORD = 'io.k8s.api.coordination.v1';

/** coordination.k8s.io/v1 Lease. */
export const leaseSchema: KindSchema = kindSchema({ pkg: COORD, group: 'coordination.k8s.io', kind: 'Lease', description: 'Lease defines a lease concept.', properties: {
  spec: object('LeaseSpec is a specification of a Lease.', {
    acquireTime: refField(MICRO_TIME, { description: 'acquireTime is a time when the current lease was acquired.' }),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease.'),
    leaseDurationSeconds: int('int32', 'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.'),
    leaseTransitions: int('int32', 'leaseTransitions is the number of transitions of a lease between holders.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'),
    renewTime: refField(MICRO_TIME, { description: 'renewTime is a time when the current holder of a lease has last updated the lease.' }),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
  }),
} });
