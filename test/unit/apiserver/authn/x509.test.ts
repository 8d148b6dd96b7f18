import { test } from 'node:test';
import assert from 'node:assert/strict';
import { x509Authenticator } from '../../../../src/apiserver/authn/x509.js';
import { Issuer, randomSerial, selfSign, keyIdOf } from '../../../../src/pki/issuer.js';
import { createCsr, parseCsr } from '../../../../src/pki/csr.js';
import { generateKeyPair } from '../../../../src/pki/keys.js';
import { buildName } from '../../../../src/pki/name.js';
import { resolveUsages } from '../../../../src/pki/usages.js';
import { classifyHosts } from '../../../../src/pki/general-name.js';
import { initCaTemplate } from '../../../../src/pki/cfssl/profile.js';

const now = new Date('2026-11-23T12:00:00Z');
const hour = 3600e3;

function newCa(): Issuer {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'test-ca' }).raw, privateKey }));
  const ca = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], { pathLenZero: false, expiryMs: 24 * hour }, new Date(now.getTime() - hour)), privateKey);
  return new Issuer(ca, privateKey);
}

function leaf(issuer: Issuer, subject: { CN?: string; O?: string[] }, usages = ['client auth']): Uint8Array {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName(subject).raw, privateKey }));
  const u = resolveUsages(['digital signature', ...usages]);
  return issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw, notBefore: new Date(now.getTime() - hour), notAfter: new Date(now.getTime() + hour),
    keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false }, sans: classifyHosts([]), subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
}

const ca = newCa();
const other = newCa();
const authn = x509Authenticator([ca.certificate]);

const cases: Record<string, { der: () => Uint8Array; at?: Date; want: string }> = {
  'maps CN to the user and O to the groups': { der: () => leaf(ca, { CN: 'myuser', O: ['devs', 'ops'] }), want: 'user myuser [devs ops]' },
  'declines a certificate without a CN (the request goes on without credentials)': { der: () => leaf(ca, { O: ['devs'] }), want: 'none' },
  'refuses a certificate from another CA': { der: () => leaf(other, { CN: 'admin', O: ['system:masters'] }), want: 'error' },
  'refuses a certificate without client auth': { der: () => leaf(ca, { CN: 'srv' }, ['server auth']), want: 'error' },
  'refuses an expired certificate': { der: () => leaf(ca, { CN: 'myuser' }), at: new Date(now.getTime() + 2 * hour), want: 'error' },
};
for (const [name, tc] of Object.entries(cases)) {
  test(name, () => {
    const r = authn.authenticate({ headers: {}, clientCertificate: tc.der(), connection: {}, now: tc.at ?? now });
    assert.ok(!(r instanceof Promise));
    const got = r.kind === 'user' ? `user ${r.user.username} [${(r.user.groups ?? []).join(' ')}]` : r.kind;
    assert.equal(got, tc.want);
  });
}

test('a revoked certificate is refused from the next request on, also on a connection that authenticated it before', () => {
  const revoked = new Set<string>();
  const checked: string[] = [];
  const revocable = x509Authenticator([ca.certificate], (serial) => {
    checked.push(serial);
    return revoked.has(serial);
  });
  const der = leaf(ca, { CN: 'lost-laptop' });
  const connection = {};
  const first = revocable.authenticate({ headers: {}, clientCertificate: der, connection, now });
  assert.ok(!(first instanceof Promise) && first.kind === 'user');
  const serial = checked[0]!;
  assert.match(serial, /^[0-9a-f]+$/);
  revoked.add(serial);
  const after = revocable.authenticate({ headers: {}, clientCertificate: der, connection, now });
  assert.deepEqual(after, { kind: 'error', message: 'x509: certificate revoked' });
  const other = revocable.authenticate({ headers: {}, clientCertificate: leaf(ca, { CN: 'lost-laptop' }), connection: {}, now });
  assert.ok(!(other instanceof Promise) && other.kind === 'user', 'the same user\'s other certificate');
});
