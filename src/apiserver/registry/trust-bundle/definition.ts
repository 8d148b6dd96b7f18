// ClusterTrustBundles: the CA certificates of each signer, readable by clients that must trust
// what a signer issues. certificates.k8s.io v1alpha1 (which kubectl 1.32 knows) and v1beta1.
// Mirrors kubernetes pkg/registry/certificates/clustertrustbundle/strategy.go.

import { type ApiObject, type ResourceDefinition } from '../resource.js';
import { storageVersion } from '../identity-version.js';
import { validateClusterTrustBundle, validateClusterTrustBundleUpdate, type ClusterTrustBundle } from '../../../api/trust-bundle/validation.js';
import { ageCell } from '../table-cells.js';
import { clusterTrustBundleShape } from '../../../api/trust-bundle/shape.js';
import { clusterTrustBundleSchema } from '../../../api/trust-bundle/openapi-schema.js';

const asBundle = (o: ApiObject): ClusterTrustBundle => o as unknown as ClusterTrustBundle;

/** The ClusterTrustBundle resource. */
export const clusterTrustBundleDefinition: ResourceDefinition = {
  groupResource: { group: 'certificates.k8s.io', resource: 'clustertrustbundles' },
  groupKind: { group: 'certificates.k8s.io', kind: 'ClusterTrustBundle' },
  kind: 'ClusterTrustBundle',
  listKind: 'ClusterTrustBundleList',
  namespaced: false,
  names: { singular: 'clustertrustbundle', shortNames: [], categories: [] },
  shape: clusterTrustBundleShape,
  // Both versions have the same shape; v1beta1 is stored. kubectl 1.32 knows v1alpha1, 1.33 serves v1beta1.
  versions: [
    storageVersion('v1beta1', clusterTrustBundleSchema('v1beta1')),
    storageVersion('v1alpha1', clusterTrustBundleSchema('v1alpha1')),
  ],
  strategy: {
    allowUnconditionalUpdate: false,
    validate: (_ctx, obj) => validateClusterTrustBundle(asBundle(obj)),
    validateUpdate: (_ctx, obj, old) => validateClusterTrustBundleUpdate(asBundle(obj), asBundle(old)),
  },
  subresources: {},
  selectableFieldNames: ['metadata.name', 'spec.signerName'],
  selectableFields: (obj) => ({ 'metadata.name': obj.metadata.name ?? '', 'spec.signerName': asBundle(obj).spec?.signerName ?? '' }),
  table: {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name of the bundle', priority: 0 },
      { name: 'SignerName', type: 'string', format: '', description: 'The signer whose CA certificates the bundle holds', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'Time since creation', priority: 1 },
    ],
    cells: (obj, now) => [obj.metadata.name ?? '', asBundle(obj).spec?.signerName ?? '<none>', ageCell(obj.metadata.creationTimestamp, now)],
  },
};
