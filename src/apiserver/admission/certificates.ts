// The three CSR admission plugins kube-apiserver enables by default.
// Mirrors kubernetes plugin/pkg/admission/certificates/{approval,signing,subjectrestriction}/admission.go
// and pkg/certauthorization (IsAuthorizedForSignerName).

import type { AdmissionAttributes, AdmissionPlugin } from './admission.js';
import type { Authorizer } from '../authz/authorizer.js';
import { csrGroupResource, newForbidden, type StatusError } from '../../api/errors.js';
import { kubeApiServerClientSignerName, signerAuthorizationNames } from '../../api/certificates/signer-names.js';
import { parseRequest, wireBytes, type RequestVerdict } from '../../api/certificates/request.js';
import { NameAttr, nameValues } from '../../pki/name.js';
import type { CertificateSigningRequest } from '../../api/certificates/types.js';
import type { UserInfo } from '../../api/types.js';

function isCsr(a: AdmissionAttributes): boolean {
  return a.resource.group === csrGroupResource.group && a.resource.resource === csrGroupResource.resource;
}

/** admission.NewForbidden: the request's name, or the object's (generateName on create). */
function forbidden(a: AdmissionAttributes, cause: string): StatusError {
  return newForbidden(a.resource, a.name || a.object?.metadata.name || a.object?.metadata.generateName || '', cause);
}

/** Whether `user` may `verb` the signer `signerName` or its `<domain>/*` wildcard. */
export async function isAuthorizedForSignerName(authorizer: Authorizer, user: UserInfo, verb: string, signerName: string): Promise<boolean> {
  for (const name of signerAuthorizationNames(signerName)) {
    try {
      const d = await authorizer.authorize({
        user, verb, isResourceRequest: true, path: '', apiGroup: 'certificates.k8s.io', apiVersion: '*', namespace: '', resource: 'signers', subresource: '', name,
      });
      if (d.decision === 'allow') return true;
    } catch {
      // An authorizer error counts as "not allowed", as upstream logs and continues.
    }
  }
  return false;
}

const asCsr = (o: unknown): CertificateSigningRequest => o as CertificateSigningRequest;

/** CertificateApproval: updating /approval needs `approve` on the old object's signer. */
export function certificateApproval(authorizer: Authorizer): AdmissionPlugin {
  return {
    name: 'CertificateApproval',
    async validate(a) {
      if (a.operation !== 'UPDATE' || a.subresource !== 'approval' || !isCsr(a) || !a.oldObject) return;
      const signer = asCsr(a.oldObject).spec?.signerName ?? '';
      if (!(await isAuthorizedForSignerName(authorizer, a.user, 'approve', signer))) {
        throw forbidden(a, `user not permitted to approve requests with signerName ${JSON.stringify(signer)}`);
      }
    },
  };
}

/** CertificateSigning: changing status.certificate or status.conditions through /status needs `sign`. */
export function certificateSigning(authorizer: Authorizer): AdmissionPlugin {
  return {
    name: 'CertificateSigning',
    async validate(a) {
      if (a.operation !== 'UPDATE' || a.subresource !== 'status' || !isCsr(a) || !a.oldObject || !a.object) return;
      const old = asCsr(a.oldObject);
      const next = asCsr(a.object);
      const sameCert = (old.status?.certificate ?? '') === (next.status?.certificate ?? '');
      const sameConditions = JSON.stringify(old.status?.conditions ?? []) === JSON.stringify(next.status?.conditions ?? []);
      if (sameCert && sameConditions) return;
      const signer = old.spec?.signerName ?? '';
      if (!(await isAuthorizedForSignerName(authorizer, a.user, 'sign', signer))) {
        throw forbidden(a, `user not permitted to sign requests with signerName ${JSON.stringify(signer)}`);
      }
    },
  };
}

/** CertificateSubjectRestriction: no `O=system:masters` for the kube-apiserver-client signer. */
export const certificateSubjectRestriction: AdmissionPlugin = {
  name: 'CertificateSubjectRestriction',
  validate(a) {
    if (a.operation !== 'CREATE' || a.subresource !== '' || !isCsr(a) || !a.object) return;
    const csr = asCsr(a.object);
    if (csr.spec?.signerName !== kubeApiServerClientSignerName) return;
    // The request was parsed off the main thread when it was checked; parse it here only if not.
    const verdict = a.precheck as RequestVerdict | undefined;
    let organizations: readonly string[];
    if (verdict?.organizations && verdict.request === csr.spec.request) {
      organizations = verdict.organizations;
    } else {
      try {
        organizations = nameValues(parseRequest(wireBytes(csr.spec.request)).subject, NameAttr.O);
      } catch (err) {
        throw forbidden(a, `failed to parse CSR: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (organizations.includes('system:masters')) {
      throw forbidden(a, `use of ${kubeApiServerClientSignerName} signer with system:masters group is not allowed`);
    }
  },
};
