// The field shape of ClusterTrustBundles, for strict decoding.
// Mirrors k8s.io/api/certificates/v1beta1 generated.proto (v1alpha1 has the same fields and numbers).

import { f, kindShape, msg } from '../serialize/shape-kit.js';

/** certificates.k8s.io/v1beta1 (and v1alpha1) ClusterTrustBundle. */
export const clusterTrustBundleShape = kindShape('ClusterTrustBundle', [f('spec', 2, msg('ClusterTrustBundleSpec', [f('signerName', 1, 'string'), f('trustBundle', 2, 'string')]))]);
