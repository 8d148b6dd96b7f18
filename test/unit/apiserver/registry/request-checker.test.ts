import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RequestChecker } from '../../../../src/apiserver/registry/csr/request-checker.js';
import { createCsr } from '../../../../src/pki/csr.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';
import { keyOf } from '../../api/fixtures.js';

const checker = new RequestChecker(2);
after(() => checker.close());

const requestText = (mutate: (der: Buffer) => void = () => {}): string => {
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'thread-user' }).raw, privateKey: keyOf('ecdsa-p256').privateKey }));
  mutate(der);
  return Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64');
};
const csrWith = (request: unknown) => ({ metadata: { name: 'x' }, spec: { request } });

test('worker threads accept a well-signed request', async () => {
  const request = requestText();
  assert.deepEqual(await checker.check(csrWith(request)), { request, problem: undefined, organizations: [] });
});

test('worker threads give Go\'s text for a signature that does not verify', async () => {
  const request = requestText((der) => { const at = der.indexOf(Buffer.from('thread-user')); der[at] = 'T'.charCodeAt(0); });
  assert.deepEqual(await checker.check(csrWith(request)), { request, problem: 'x509: ECDSA verification failure', organizations: [] });
});

test('many checks at once each get their own verdict', async () => {
  const good = requestText();
  const bad = Buffer.from('not a pem').toString('base64');
  const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => checker.check(csrWith(i % 2 ? bad : good))));
  verdicts.forEach((v, i) => assert.equal(v?.problem, i % 2 ? 'PEM block type must be CERTIFICATE REQUEST' : undefined));
});

test('an object without request text is left to validation', async () => {
  assert.equal(await checker.check(csrWith(42)), undefined);
  assert.equal(await checker.check({ metadata: { name: 'x' } }), undefined);
});
