// CRLs as openssl reads them: the signature verifies with the CA, the entries, reasons and CRL
// number are what was asked, and `openssl verify -crl_check` refuses exactly the revoked leaf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCrl } from '../../../src/pki/crl.js';
import { Issuer, keyIdOf, randomSerial, selfSign } from '../../../src/pki/issuer.js';
import { createCsr, parseCsr } from '../../../src/pki/csr.js';
import { generateKeyPair, type KeyType } from '../../../src/pki/keys.js';
import { buildName } from '../../../src/pki/name.js';
import { encodePem } from '../../../src/pki/pem.js';
import { initCaTemplate } from '../../../src/pki/cfssl/profile.js';
import { resolveUsages } from '../../../src/pki/usages.js';
import { parseCertificate } from '../../../src/pki/certificate.js';

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const hour = 3_600_000;

function openssl(args: readonly string[], cwd: string): { status: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

for (const type of ['ecdsa-p256', 'rsa-2048'] as KeyType[]) {
  test(`a ${type} CA's CRL verifies with openssl, and verify -crl_check refuses only the revoked leaf`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-crl-'));
    try {
      const { privateKey } = generateKeyPair(type);
      const caCsr = parseCsr(createCsr({ subject: buildName({ CN: 'crl-ca' }).raw, privateKey }));
      const ca = selfSign(initCaTemplate(caCsr.subject.raw, caCsr.publicKey.raw, [], undefined, new Date(now.getTime() - hour)), privateKey);
      const issuer = new Issuer(ca, privateKey);
      const leaf = (cn: string): Uint8Array => {
        const csr = parseCsr(createCsr({ subject: buildName({ CN: cn }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }));
        const u = resolveUsages(['digital signature', 'client auth']);
        return issuer.issue({ serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw, notBefore: new Date(now.getTime() - hour), notAfter: new Date(now.getTime() + hour),
          keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false }, subjectKeyId: keyIdOf(csr.publicKey.raw) });
      };
      const revoked = leaf('revoked');
      const kept = leaf('kept');
      const crl = encodeCrl(ca, privateKey, {
        thisUpdate: now, nextUpdate: new Date(now.getTime() + 24 * hour), number: 1234567890123n,
        entries: [{ serialNumber: parseCertificate(revoked).serialNumber, revokedAt: now, reason: 'keyCompromise' }],
      });
      writeFileSync(join(dir, 'ca.pem'), encodePem('CERTIFICATE', ca.raw));
      writeFileSync(join(dir, 'x.crl'), crl);
      writeFileSync(join(dir, 'revoked.pem'), encodePem('CERTIFICATE', revoked));
      writeFileSync(join(dir, 'kept.pem'), encodePem('CERTIFICATE', kept));
      const checked = openssl(['crl', '-in', 'x.crl', '-inform', 'DER', '-CAfile', 'ca.pem', '-noout'], dir);
      assert.equal(checked.status, 0, checked.out);
      assert.match(checked.out, /verify OK/);
      const text = openssl(['crl', '-in', 'x.crl', '-inform', 'DER', '-noout', '-text'], dir).out;
      assert.match(text, /Version 2 \(0x1\)/);
      assert.match(text, /X509v3 CRL Number:\s*\n\s*1234567890123/);
      assert.match(text, /X509v3 Authority Key Identifier/);
      assert.match(text, /Key Compromise/);
      writeFileSync(join(dir, 'bundle.pem'), encodePem('CERTIFICATE', ca.raw) + openssl(['crl', '-in', 'x.crl', '-inform', 'DER'], dir).out);
      const refused = openssl(['verify', '-crl_check', '-CAfile', 'bundle.pem', '-purpose', 'sslclient', 'revoked.pem'], dir);
      assert.equal(refused.status, 2, refused.out);
      assert.match(refused.out, /error 23 at 0 depth lookup: certificate revoked/);
      const accepted = openssl(['verify', '-crl_check', '-CAfile', 'bundle.pem', '-purpose', 'sslclient', 'kept.pem'], dir);
      assert.equal(accepted.status, 0, accepted.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
