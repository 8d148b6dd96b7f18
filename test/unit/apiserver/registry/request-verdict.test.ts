import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RequestVerifier } from '../../../../src/apiserver/registry/csr/request-verdict.js';
import { verifiedRequests } from '../../../../src/pki/verified-requests.js';
import { createCsr } from '../../../../src/pki/csr.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';
import { keyOf } from '../../api/fixtures.js';

const verifier = new RequestVerifier();
after(() => verifier.close());

const requestDer = (mutate: (der: Buffer) => void = () => {}): Buffer => {
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'thread-user' }).raw, privateKey: keyOf('ecdsa-p256').privateKey }));
  mutate(der);
  return der;
};
const text = (der: Uint8Array): string => Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64');
const csrWith = (request: unknown) => ({ metadata: { name: 'x' }, spec: { request } });
const tampered = (der: Buffer): void => {
  const at = der.indexOf(Buffer.from('thread-user'));
  der[at] = 'T'.charCodeAt(0);
};

test('a well-signed request is accepted, and remembered as verified for the signer of this process', async () => {
  const der = requestDer();
  const request = text(der);
  assert.deepEqual(await verifier.verdict(csrWith(request)), { request, problem: undefined, organizations: [] });
  assert.equal(verifiedRequests.take(der), true);
});

test('a signature that does not verify gets Go\'s text, and is not remembered', async () => {
  const der = requestDer(tampered);
  const request = text(der);
  assert.deepEqual(await verifier.verdict(csrWith(request)), { request, problem: 'x509: ECDSA verification failure', organizations: [] });
  assert.equal(verifiedRequests.take(der), false);
});

test('requests of one turn are checked together, each answered with its own verdict', async () => {
  const good = Array.from({ length: 20 }, () => text(requestDer()));
  const bad = Array.from({ length: 20 }, () => text(requestDer(tampered)));
  const verdicts = await Promise.all([...good, ...bad].map((r) => verifier.verdict(csrWith(r))));
  assert.deepEqual(verdicts.map((v) => v?.problem ?? 'ok'), [...good.map(() => 'ok'), ...bad.map(() => 'x509: ECDSA verification failure')]);
});

test('text that is no PEM request gets Go\'s text', async () => {
  assert.equal((await verifier.verdict(csrWith(Buffer.from('not a pem').toString('base64'))))?.problem, 'PEM block type must be CERTIFICATE REQUEST');
});

test('an object without request text is left to validation', async () => {
  assert.equal(await verifier.verdict(csrWith(42)), undefined);
  assert.equal(await verifier.verdict({ metadata: { name: 'x' } }), undefined);
});
