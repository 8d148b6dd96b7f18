// Turns cfssl requests and profiles into certificate templates: a self-signed CA for
// `-initca`, and leaf (or intermediate) certificates signed under a profile.
// Mirrors cfssl initca/initca.go and signer/local/local.go.

import type { CertificateRequest } from '../csr.js';
import type { CertificateTemplate } from '../template.js';
import { KeyUsageBit } from '../extensions/key-usage.js';
import { classifyHosts, type SubjectAltNames } from '../general-name.js';
import { keyIdOf, randomSerial, type RandomSource } from '../issuer.js';
import { cfsslValidity } from '../validity.js';
import { computeKeyId } from '../extensions/subject-key-identifier.js';
import type { CfsslCaOptions } from './csr-json.js';
import type { SigningProfile } from './config-json.js';

/** cfssl's default CA lifetime: five years. */
export const defaultCaExpiryMs = 43800 * 3_600_000;

/** Template of a self-signed CA from its request: cert sign + CRL sign, CA:TRUE, an SKI. */
export function initCaTemplate(
  subject: Uint8Array,
  publicKeyInfo: Uint8Array,
  hosts: readonly string[],
  ca: CfsslCaOptions | undefined,
  now: Date,
  random?: RandomSource,
): CertificateTemplate {
  const pathLen = ca?.pathLen ? ca.pathLen : ca?.pathLenZero ? 0 : undefined;
  return {
    serialNumber: randomSerial(random),
    subject,
    publicKeyInfo,
    ...cfsslValidity(now, ca?.expiryMs ?? defaultCaExpiryMs),
    keyUsage: (1 << KeyUsageBit.keyCertSign) | (1 << KeyUsageBit.cRLSign),
    extKeyUsage: [],
    basicConstraints: pathLen === undefined ? { ca: true } : { ca: true, pathLen },
    sans: classifyHosts(hosts),
    subjectKeyId: keyIdOf(publicKeyInfo),
  };
}

/**
 * Template for signing `csr` under `profile`. SANs come from the request unless `hosts`
 * overrides them (cfssl's `-hostname`); the subject is the request's, byte for byte.
 */
export function profileTemplate(
  csr: CertificateRequest,
  profile: SigningProfile,
  hosts: readonly string[] | undefined,
  now: Date,
  random?: RandomSource,
): CertificateTemplate {
  const sans: SubjectAltNames = hosts && hosts.length > 0 ? classifyHosts(hosts) : csr.sans;
  const isCa = profile.caConstraint?.isCa === true;
  const maxPathLen = profile.caConstraint?.maxPathLen;
  return {
    serialNumber: randomSerial(random),
    subject: csr.subject.raw,
    publicKeyInfo: csr.publicKey.raw,
    ...cfsslValidity(now, profile.expiryMs),
    keyUsage: profile.keyUsage,
    extKeyUsage: profile.extKeyUsage,
    basicConstraints: isCa ? (maxPathLen === undefined ? { ca: true } : { ca: true, pathLen: maxPathLen }) : { ca: false },
    sans,
    subjectKeyId: computeKeyId(csr.publicKey.subjectPublicKey),
  };
}
