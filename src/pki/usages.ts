// Kubernetes' key usage vocabulary (certificates.k8s.io KeyUsage strings, which cfssl's
// profiles share) mapped to KeyUsage bits and ExtendedKeyUsage OIDs.
// Mirrors kubernetes pkg/controller/certificates/authority/policies.go keyUsagesFromStrings.

import { KeyUsageBit } from './extensions/key-usage.js';

/** Usage string -> KeyUsage bit. */
const keyUsageByName: Readonly<Record<string, number>> = {
  signing: KeyUsageBit.digitalSignature,
  'digital signature': KeyUsageBit.digitalSignature,
  'content commitment': KeyUsageBit.contentCommitment,
  'key encipherment': KeyUsageBit.keyEncipherment,
  'key agreement': KeyUsageBit.keyAgreement,
  'data encipherment': KeyUsageBit.dataEncipherment,
  'cert sign': KeyUsageBit.keyCertSign,
  'crl sign': KeyUsageBit.cRLSign,
  'encipher only': KeyUsageBit.encipherOnly,
  'decipher only': KeyUsageBit.decipherOnly,
};

/** Extended key usage purposes, listed in Go's x509.ExtKeyUsage enum order. */
export const ExtKeyUsageOid = {
  any: '2.5.29.37.0',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ipsecEndSystem: '1.3.6.1.5.5.7.3.5',
  ipsecTunnel: '1.3.6.1.5.5.7.3.6',
  ipsecUser: '1.3.6.1.5.5.7.3.7',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  microsoftSgc: '1.3.6.1.4.1.311.10.3.3',
  netscapeSgc: '2.16.840.1.113730.4.1',
} as const;

/** Usage string -> EKU OID. */
const extKeyUsageByName: Readonly<Record<string, string>> = {
  any: ExtKeyUsageOid.any,
  'server auth': ExtKeyUsageOid.serverAuth,
  'client auth': ExtKeyUsageOid.clientAuth,
  'code signing': ExtKeyUsageOid.codeSigning,
  'email protection': ExtKeyUsageOid.emailProtection,
  's/mime': ExtKeyUsageOid.emailProtection,
  'ipsec end system': ExtKeyUsageOid.ipsecEndSystem,
  'ipsec tunnel': ExtKeyUsageOid.ipsecTunnel,
  'ipsec user': ExtKeyUsageOid.ipsecUser,
  timestamping: ExtKeyUsageOid.timeStamping,
  'ocsp signing': ExtKeyUsageOid.ocspSigning,
  'microsoft sgc': ExtKeyUsageOid.microsoftSgc,
  'netscape sgc': ExtKeyUsageOid.netscapeSgc,
};

const ekuOrder = new Map<string, number>(Object.values(ExtKeyUsageOid).map((oid, i) => [oid, i]));

/** Every usage string Kubernetes accepts in `spec.usages`, in its documented order. */
export const knownUsages: readonly string[] = [...Object.keys(keyUsageByName), ...Object.keys(extKeyUsageByName)];

/** Whether `usage` is one of Kubernetes' usage strings. */
export function isKnownUsage(usage: string): boolean {
  return usage in keyUsageByName || usage in extKeyUsageByName;
}

/** Usages resolved to what goes into a certificate. */
export interface ResolvedUsages {
  /** KeyUsage bit mask; 0 means no KeyUsage extension. */
  readonly keyUsage: number;
  /** EKU OIDs, de-duplicated; empty means no ExtendedKeyUsage extension. */
  readonly extKeyUsage: readonly string[];
  /** Strings that are not usages at all. */
  readonly unknown: readonly string[];
}

/**
 * Resolves usage strings. `ekuOrder: 'go'` sorts purposes in Go's enum order, as Kubernetes'
 * signer does (so server auth precedes client auth); `'given'` keeps the caller's order, as
 * cfssl does with a profile's list.
 */
export function resolveUsages(usages: readonly string[], ekuOrdering: 'go' | 'given' = 'go'): ResolvedUsages {
  let keyUsage = 0;
  const eku: string[] = [];
  const unknown: string[] = [];
  for (const u of usages) {
    const bit = keyUsageByName[u];
    if (bit !== undefined) {
      keyUsage |= 1 << bit;
      continue;
    }
    const oid = extKeyUsageByName[u];
    if (oid !== undefined) {
      if (!eku.includes(oid)) eku.push(oid);
      continue;
    }
    unknown.push(u);
  }
  if (ekuOrdering === 'go') eku.sort((a, b) => ekuOrder.get(a)! - ekuOrder.get(b)!);
  return { keyUsage, extKeyUsage: eku, unknown };
}
