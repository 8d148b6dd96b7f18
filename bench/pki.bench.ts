// PKI hot path against the machine's limit, measured in the same run: issuing a certificate
// from a parsed request versus the bare node:crypto signature it contains, and parsing plus
// verifying a request on one core.

import { sign } from 'node:crypto';
import { compare, perSecond, rate, type Comparison } from './measure.js';
import { createCsr, parseCsr, verifyCsrSignature } from '../src/pki/csr.js';
import { generateKeyPair, type KeyType } from '../src/pki/keys.js';
import { buildName } from '../src/pki/name.js';
import { Issuer, randomSerial, selfSign } from '../src/pki/issuer.js';
import { initCaTemplate } from '../src/pki/cfssl/profile.js';
import { resolveUsages } from '../src/pki/usages.js';
import { kubernetesValidity } from '../src/pki/validity.js';
import { signatureAlgorithmFor } from '../src/pki/signature.js';

/** What the PKI benchmark measured. */
export interface PkiBenchResult {
  readonly issuance: Comparison[];
  readonly csrParseVerifyRsa2048: number;
  readonly csrParseVerifyP256: number;
}

function makeIssuer(type: KeyType): { issuer: Issuer; key: ReturnType<typeof generateKeyPair>['privateKey'] } {
  const { privateKey } = generateKeyPair(type);
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'bench-ca' }).raw, privateKey }));
  const ca = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], undefined, new Date()), privateKey);
  return { issuer: new Issuer(ca, privateKey), key: privateKey };
}

function userRequest(type: KeyType): Uint8Array {
  const { privateKey } = generateKeyPair(type);
  return createCsr({ subject: buildName({ CN: 'myuser', O: ['devs'] }).raw, privateKey });
}

/** Runs the PKI benchmark and prints its table. */
export function runPkiBench(log: (s: string) => void = console.log): PkiBenchResult {
  const csr = parseCsr(userRequest('ecdsa-p256'));
  const usages = resolveUsages(['client auth', 'digital signature', 'key encipherment']);
  const issuance: Comparison[] = [];
  for (const type of ['rsa-2048', 'ecdsa-p256'] as const) {
    const { issuer, key } = makeIssuer(type);
    const alg = signatureAlgorithmFor(key);
    const caNotAfter = issuer.certificate.notAfter;
    const issueOne = (): void => {
      issuer.issue({
        serialNumber: randomSerial(),
        subject: csr.subject.raw,
        publicKeyInfo: csr.publicKey.raw,
        ...kubernetesValidity(new Date(), 365 * 86400e3, 86400, caNotAfter),
        keyUsage: usages.keyUsage,
        extKeyUsage: usages.extKeyUsage,
        basicConstraints: { ca: false },
        sans: csr.sans,
      });
    };
    // The baseline signs a buffer the size of a real TBS, with the same key object.
    const tbsLike = Buffer.alloc(issuer.issue({
      serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw,
      notBefore: new Date(), notAfter: new Date(Date.now() + 1e9), keyUsage: usages.keyUsage, extKeyUsage: usages.extKeyUsage,
    }).length - 80, 7);
    const bareSign = (): void => {
      sign(alg.hash, tbsLike, key);
    };
    issuance.push(compare(`issue from a parsed CSR, ${type} CA`, bareSign, issueOne));
  }
  const rsaDer = userRequest('rsa-2048');
  const p256Der = userRequest('ecdsa-p256');
  const csrParseVerifyRsa2048 = rate(() => verifyCsrSignature(parseCsr(rsaDer)), 1500);
  const csrParseVerifyP256 = rate(() => verifyCsrSignature(parseCsr(p256Der)), 1500);

  log('PKI (one thread)');
  log('| measurement | baseline: bare crypto.sign | signet | ratio | goal |');
  log('|---|---|---|---|---|');
  issuance.forEach((c, i) => {
    const goal = i === 0 ? '>= 0.80' : '>= 0.60';
    log(`| ${c.name} | ${perSecond(c.baseline)} | ${perSecond(c.subject)} | ${c.ratio.toFixed(2)} | ${goal} |`);
  });
  log(`| parse + verify an RSA-2048 CSR | | ${perSecond(csrParseVerifyRsa2048)} | | >= 15,000/s |`);
  log(`| parse + verify a P-256 CSR | | ${perSecond(csrParseVerifyP256)} | | |`);
  return { issuance, csrParseVerifyRsa2048, csrParseVerifyP256 };
}
