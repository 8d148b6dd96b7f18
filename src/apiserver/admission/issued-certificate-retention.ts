// IssuedCertificateRetention: an IssuedCertificate stays until 72 hours after its certificate
// expires (api/issued-certificates/types.ts), whoever asks to delete it sooner.

import { newForbidden } from '../../api/errors.js';
import { formatTime } from '../../api/meta.js';
import { ledgerRetentionMs, type IssuedCertificate } from '../../api/issued-certificates/types.js';
import type { AdmissionPlugin } from './admission.js';

/** The plugin; `clock` is the server's. */
export function issuedCertificateRetention(clock: () => Date = () => new Date()): AdmissionPlugin {
  return {
    name: 'IssuedCertificateRetention',
    async validate(a) {
      if (a.operation !== 'DELETE' || !a.oldObject) return;
      const notAfter = Date.parse((a.oldObject as unknown as IssuedCertificate).spec?.notAfter ?? '');
      if (!Number.isFinite(notAfter)) return;
      const keptUntil = notAfter + ledgerRetentionMs;
      if (clock().getTime() < keptUntil) {
        throw newForbidden(a.resource, a.name, `the ledger keeps it until ${formatTime(new Date(keptUntil))}, 72h after the certificate expires`);
      }
    },
  };
}
