// Revocation at scale (revocation.md RV6): what 100,000 revoked serials add to x509
// authentication, against the same authenticator with none revoked, measured side by side in one
// run with rounds alternating; and how long a CRL of 100,000 entries takes to sign, against one
// signature of the same CA key. Not a test: it prints figures and never fails on speed. Every loop
// is bounded in count. Run: npx tsc -p . && node dist/bench/revocation.bench.js

import { randomBytes } from 'node:crypto';
import { x509Authenticator } from '../src/apiserver/authn/x509.js';
import { RevokedCertificates } from '../src/apiserver/authn/revoked-certificates.js';
import { RevocationLists } from '../src/apiserver/crl/revocation-lists.js';
import { Issuer, keyIdOf, randomSerial, selfSign } from '../src/pki/issuer.js';
import { createCsr, parseCsr } from '../src/pki/csr.js';
import { generateKeyPair, type KeyType } from '../src/pki/keys.js';
import { buildName } from '../src/pki/name.js';
import { resolveUsages } from '../src/pki/usages.js';
import { initCaTemplate } from '../src/pki/cfssl/profile.js';
import { signWith, signatureAlgorithmFor } from '../src/pki/signature.js';
import type { CertificateRevocation } from '../src/api/revocation/types.js';

const revokedCount = 100_000;
const authRounds = 10;
const authsPerRound = 200_000;
const hour = 3_600_000;
const signer = 'kubernetes.io/kube-apiserver-client';

function ca(type: KeyType): { issuer: Issuer; key: ReturnType<typeof generateKeyPair>['privateKey'] } {
  const { privateKey } = generateKeyPair(type);
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'bench-ca' }).raw, privateKey }));
  return { issuer: new Issuer(selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], undefined, new Date(Date.now() - hour)), privateKey), privateKey), key: privateKey };
}

function leaf(issuer: Issuer): Uint8Array {
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'bench-user', O: ['devs'] }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }));
  const u = resolveUsages(['digital signature', 'client auth']);
  return issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw, notBefore: new Date(Date.now() - hour), notAfter: new Date(Date.now() + hour),
    keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false }, subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
}

/** `count` revoked certificates as one revocation's status (the set and the CRL read only that). */
function revocation(count: number): CertificateRevocation {
  const notAfter = new Date(Date.now() + 24 * hour).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const revoked = Array.from({ length: count }, () => ({ serialNumber: randomBytes(16).toString('hex').replace(/^(00)+/, ''), signerName: signer, notAfter }));
  return { metadata: { name: 'bench', creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }, spec: { username: 'many', reason: 'keyCompromise' }, status: { revoked } };
}

/** ns per authenticate() of one connection's certificate (its chain checked once, as on a keep-alive connection). */
function timeAuth(authenticate: ReturnType<typeof x509Authenticator>, der: Uint8Array): number {
  const req = { headers: {}, clientCertificate: der, connection: {}, now: new Date() };
  authenticate.authenticate(req);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < authsPerRound; i++) authenticate.authenticate(req);
  return Number(process.hrtime.bigint() - t0) / authsPerRound;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const { issuer, key } = ca('ecdsa-p256');
const der = leaf(issuer);
const many = revocation(revokedCount);
const none = new RevokedCertificates();
const full = new RevokedCertificates();
full.add(many);
const plain = x509Authenticator([issuer.certificate], (s) => none.has(s));
const loaded = x509Authenticator([issuer.certificate], (s) => full.has(s));
const base: number[] = [];
const withSet: number[] = [];
for (let r = 0; r < authRounds; r++) {
  base.push(timeAuth(plain, der));
  withSet.push(timeAuth(loaded, der));
}
console.log(`x509 authentication of a connection's certificate: ${median(base).toFixed(0)} ns with no revocations, ${median(withSet).toFixed(0)} ns with ${revokedCount.toLocaleString('en')} revoked serials (median of ${authRounds} rounds of ${authsPerRound.toLocaleString('en')}): +${(median(withSet) - median(base)).toFixed(0)} ns`);

for (const type of ['ecdsa-p256', 'rsa-2048'] as KeyType[]) {
  const c = type === 'ecdsa-p256' ? { issuer, key } : ca(type);
  const alg = signatureAlgorithmFor(c.key);
  const t1 = process.hrtime.bigint();
  signWith(alg, c.key, randomBytes(4096));
  const oneSignMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const lists = new RevocationLists(c.issuer.certificate, c.key, new Set([signer]), () => [many]);
  const t0 = process.hrtime.bigint();
  const crl = lists.crl(signer)!;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const t2 = process.hrtime.bigint();
  lists.crl(signer);
  const cachedMs = Number(process.hrtime.bigint() - t2) / 1e6;
  console.log(`${type} CA: a CRL of ${revokedCount.toLocaleString('en')} entries (${(crl.length / 1e6).toFixed(2)} MB DER) signed in ${ms.toFixed(0)} ms (one signature alone: ${oneSignMs.toFixed(2)} ms); served again from cache in ${cachedMs.toFixed(3)} ms`);
}
