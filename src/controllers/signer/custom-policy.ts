// The request policy of a custom signer, from its configuration: usages, subject and SANs.

import type { CertificateRequest } from '../../pki/csr.js';
import { commonName, nameValues, NameAttr } from '../../pki/name.js';
import type { CustomSignerConfig } from '../config.js';
import { sanViolation } from '../san-rules.js';
import type { SignerPolicy } from './policies.js';

/** The policy of one configured signer; messages follow the built-in signers' style. */
export function customSignerPolicy(config: CustomSignerConfig): SignerPolicy {
  return (req: CertificateRequest, usages: readonly string[]): string | undefined => {
    for (const u of usages) if (!config.allowedUsages.includes(u)) return `invalid usage for ${config.name}: ${u}`;
    for (const u of config.requiredUsages) if (!usages.includes(u)) return `missing required usage for ${config.name}: ${u}`;
    const cn = commonName(req.subject);
    if (config.commonName && !config.commonName.test(cn)) return `subject common name "${cn}" does not match ${config.commonName}`;
    if (config.organizations) {
      const bad = nameValues(req.subject, NameAttr.O).find((o) => !config.organizations!.includes(o));
      if (bad !== undefined) return `subject organization "${bad}" is not allowed`;
    }
    return sanViolation(req.sans, config.sans);
  };
}
