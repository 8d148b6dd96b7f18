// The field shape of Leases, for strict decoding.
// Mirrors k8s.io/api/coordination/v1 generated.proto.

import { f, kindShape, msg } from '../serialize/shape-kit.js';

/** coordination.k8s.io/v1 Lease. */
export const leaseShape = kindShape('Lease', [f('spec', 2, msg('LeaseSpec', [
  f('holderIdentity', 1, 'string', { presence: true }), f('leaseDurationSeconds', 2, 'int32', { presence: true }),
  f('acquireTime', 3, 'time'), f('renewTime', 4, 'time'), f('leaseTransitions', 5, 'int32', { presence: true }),
  f('strategy', 6, 'string', { presence: true }), f('preferredHolder', 7, 'string', { presence: true }),
]))]);
