// CertificateRevocation admission: a revocation is resolved through the issued-certificate ledger
// when it is created (the certificates it takes back go into its status; one that names none is
// refused), and its creator needs verb `revoke` on `signers` for the signer of every certificate it
// takes back (`example.com/*` and `*` as for approve), as Kubernetes asks `approve` and `sign`.

import { newForbidden, newInvalid } from '../../api/errors.js';
import { invalid } from '../../api/field-error.js';
import type { IssuedCertificate } from '../../api/issued-certificates/types.js';
import type { CertificateRevocation, RevokedCertificate } from '../../api/revocation/types.js';
import { normalSerial, validateCertificateRevocation } from '../../api/revocation/validation.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { GenericStore } from '../registry/generic-store.js';
import { decodeShared } from '../registry/object-codec.js';
import type { ApiObject } from '../registry/resource.js';
import type { AdmissionPlugin } from './admission.js';
import { isAuthorizedForSignerName } from './certificates.js';
import type { UserInfo } from '../../api/types.js';
import { credentialIdKey } from '../authn/authenticator.js';

/** The ledger entries a valid revocation's one selector names. */
async function resolve(ledger: GenericStore, r: CertificateRevocation, now: Date): Promise<IssuedCertificate[]> {
  const spec = r.spec;
  const bySigner = (e: IssuedCertificate): boolean => !spec.signerName || e.spec.signerName === spec.signerName;
  if (spec.serialNumber) {
    try {
      const entry = (await ledger.getShared('', normalSerial(spec.serialNumber))) as unknown as IssuedCertificate;
      return bySigner(entry) ? [entry] : [];
    } catch {
      return [];
    }
  }
  const all = await entries(ledger);
  if (spec.certificateSigningRequestName) return all.filter((e) => e.spec.certificateSigningRequest?.name === spec.certificateSigningRequestName);
  return all.filter((e) => e.spec.username === spec.username && bySigner(e) && Date.parse(e.spec.notAfter) > now.getTime());
}

async function entries(ledger: GenericStore): Promise<IssuedCertificate[]> {
  const all = ledger.listCached() ?? (await ledger.store.list(ledger.prefix(''))).kvs.map((kv) => decodeShared(kv));
  return all as unknown as IssuedCertificate[];
}

/** The plugin, over the ledger's store. */
export function certificateRevocationAdmission(ledger: GenericStore, authorizer: Authorizer, clock: () => Date = () => new Date()): AdmissionPlugin {
  return {
    name: 'CertificateRevocation',
    async admit(a) {
      if (a.operation !== 'CREATE' || !a.object) return undefined;
      const r = a.object as unknown as CertificateRevocation;
      // A revocation that validation will refuse is left to it, so that its message wins.
      if (validateCertificateRevocation(r).length > 0) return undefined;
      const found = await resolve(ledger, r, clock());
      if (found.length === 0) {
        throw newInvalid({ group: a.resource.group, kind: 'CertificateRevocation' }, a.name,
          [invalid('spec', describe(r), 'no issued certificate in the ledger matches')]);
      }
      const revoked: RevokedCertificate[] = found.map((e) => ({ serialNumber: e.spec.serialNumber, signerName: e.spec.signerName, notAfter: e.spec.notAfter }));
      return { ...a.object, status: { revoked } } as ApiObject;
    },
    async validate(a) {
      if (a.operation !== 'CREATE' || !a.object) return;
      const revoked = (a.object as unknown as CertificateRevocation).status?.revoked ?? [];
      // A client certificate may take itself back with create alone (step-ca's mTLS revocation).
      if (revoked.length === 1 && (await isOwnCertificate(ledger, a.user, revoked[0]!.serialNumber))) return;
      for (const signer of new Set(revoked.map((c) => c.signerName))) {
        if (!(await isAuthorizedForSignerName(authorizer, a.user, 'revoke', signer))) {
          throw newForbidden(a.resource, a.name, `user not permitted to revoke certificates with signerName ${JSON.stringify(signer)}`);
        }
      }
    },
  };
}

/** Whether `user` authenticated with the certificate the ledger has under `serial`. */
async function isOwnCertificate(ledger: GenericStore, user: UserInfo, serial: string): Promise<boolean> {
  const credential = user.extra?.[credentialIdKey]?.[0];
  if (!credential?.startsWith('X509SHA256=')) return false;
  try {
    const entry = (await ledger.getShared('', serial)) as unknown as IssuedCertificate;
    return `X509SHA256=${entry.spec.sha256}` === credential;
  } catch {
    return false;
  }
}

function describe(r: CertificateRevocation): string {
  const s = r.spec;
  return s.serialNumber ? `serialNumber ${s.serialNumber}` : s.certificateSigningRequestName ? `certificateSigningRequestName ${s.certificateSigningRequestName}` : `username ${s.username ?? ''}`;
}
