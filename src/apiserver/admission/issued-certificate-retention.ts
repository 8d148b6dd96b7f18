// IssuedCertificateRetention: an IssuedCertificate stays until 72 hours after its certificate
// expires (api/issued-certificates/types.ts), and a CertificateRevocation until that is so for
// every certificate it revoked, whoever asks to delete them sooner.

import { newForbidden } from '../../api/errors.js';
import { formatTime } from '../../api/meta.js';
import { ledgerRetentionMs, type IssuedCertificate } from '../../api/issued-certificates/types.js';
import { lastNotAfter, type CertificateRevocation } from '../../api/revocation/types.js';
import type { AdmissionPlugin } from './admission.js';

/** The plugin; `clock` is the server's. */
export function issuedCertificateRetention(clock: () => Date = () => new Date()): AdmissionPlugin {
  return {
    name: 'IssuedCertificateRetention',
    async validate(a) {
      if (a.operation !== 'DELETE' || !a.oldObject) return;
      const ledger = a.resource.resource === 'issuedcertificates';
      const notAfter = ledger
        ? Date.parse((a.oldObject as unknown as IssuedCertificate).spec?.notAfter ?? '')
        : lastNotAfter(a.oldObject as unknown as CertificateRevocation);
      if (!Number.isFinite(notAfter)) return;
      const keptUntil = notAfter + ledgerRetentionMs;
      if (clock().getTime() < keptUntil) {
        const what = ledger ? 'the ledger keeps it' : 'revocation is final: it stays';
        throw newForbidden(a.resource, a.name, `${what} until ${formatTime(new Date(keptUntil))}, 72h after the certificate expires`);
      }
    },
  };
}
