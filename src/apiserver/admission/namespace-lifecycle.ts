// NamespaceLifecycle: no new objects in a namespace that does not exist or is being deleted, and
// the system namespaces may not be deleted.
// Mirrors k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go.

import type { AdmissionPlugin } from './admission.js';
import { hasReason, newForbidden, newNotFound } from '../../api/errors.js';
import { immortalNamespaces, type Namespace } from '../../api/core/types.js';
import type { GenericStore } from '../registry/generic-store.js';

const namespacesResource = { group: '', resource: 'namespaces' };

/** The plugin, reading namespaces from `namespaces`. */
export function namespaceLifecycle(namespaces: GenericStore): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async validate(a) {
      if (a.resource.group === '' && a.resource.resource === 'namespaces') {
        if (a.operation === 'DELETE' && immortalNamespaces.includes(a.name)) {
          throw newForbidden(namespacesResource, a.name, 'this namespace may not be deleted');
        }
        return;
      }
      if (a.operation !== 'CREATE' || a.namespace === '') return;
      let ns: Namespace;
      try {
        ns = (await namespaces.getShared('', a.namespace)) as unknown as Namespace;
      } catch (err) {
        if (hasReason(err, 'NotFound')) throw newNotFound(namespacesResource, a.namespace);
        throw err;
      }
      if (ns.status?.phase === 'Terminating' || ns.metadata.deletionTimestamp) {
        throw newForbidden(a.resource, a.name, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
      }
    },
  };
}
