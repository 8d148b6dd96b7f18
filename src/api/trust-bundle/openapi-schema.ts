// OpenAPI schema data for ClusterTrustBundles.
// Mirrors io.k8s.api.certificates.{v1alpha1,v1beta1}.ClusterTrustBundle (kube-apiserver 1.32 serves v1alpha1, 1.33 v1beta1).

import { kindSchema } from '../openapi/kind-schema.js';
import { object, str, type KindSchema } from '../openapi/schema-kit.js';

/** certificates.k8s.io ClusterTrustBundle in one version (both have the same fields). */
export function clusterTrustBundleSchema(version: 'v1beta1' | 'v1alpha1'): KindSchema {
  return kindSchema({ pkg: `io.k8s.api.certificates.${version}`, group: 'certificates.k8s.io', version, kind: 'ClusterTrustBundle',
    description: 'ClusterTrustBundle is a cluster-scoped container for X.509 trust anchors (root certificates).', required: ['spec'], properties: {
      spec: object('ClusterTrustBundleSpec contains the signer and trust anchors.', {
        signerName: str('signerName indicates the associated signer, if any. In order to create or update a ClusterTrustBundle that sets signerName, you must have the following cluster-scoped permission: group=certificates.k8s.io resource=signers resourceName=<the signer name> verb=attest.'),
        trustBundle: str('trustBundle contains the individual X.509 trust anchors for this bundle, as PEM bundle of PEM-wrapped, DER-formatted X.509 certificates.'),
      }, ['trustBundle']),
    } });
}
