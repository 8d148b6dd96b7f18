// Secrets of type kubernetes.io/service-account-token get their token filled in before they are
// stored, as kube-controller-manager's token controller does (there, just after). The minting is
// authentication's business: this plugin only decides when to call it.
// Mirrors kubernetes pkg/controller/serviceaccount/tokens_controller.go (when a Secret needs a token).

import type { AdmissionPlugin } from '../../admission/admission.js';
import type { ApiObject } from '../resource.js';
import { serviceAccountTokenSecretType, type Secret } from '../../../api/core/types.js';

/** Fills a token Secret's data (authn's fillServiceAccountTokenSecret, bound to its signer). */
export type FillServiceAccountTokenSecret = (secret: ApiObject, namespace: string) => Promise<ApiObject>;

/** The admission plugin that fills token Secrets on create, and on update while data.token is missing. */
export function serviceAccountTokenSecrets(fill: FillServiceAccountTokenSecret): AdmissionPlugin {
  return {
    name: 'ServiceAccountTokenSecrets',
    async admit(a) {
      if (a.resource.group !== '' || a.resource.resource !== 'secrets' || !a.object || a.operation === 'DELETE') return undefined;
      const s = a.object as unknown as Secret;
      if (s.type !== serviceAccountTokenSecretType || s.data?.['token']) return undefined;
      return fill(a.object, a.namespace);
    },
  };
}
