import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestVerdict } from '../../../../src/apiserver/registry/csr/request-verdict.js';
import { createCsr } from '../../../../src/pki/csr.js';
import { buildName } from '../../../../src/pki/name.js';
import { encodePem } from '../../../../src/pki/pem.js';
import { keyOf } from '../../api/fixtures.js';

const requestText = (mutate: (der: Buffer) => void = () => {}): string => {
  const der = Buffer.from(createCsr({ subject: buildName({ CN: 'thread-user' }).raw, privateKey: keyOf('ecdsa-p256').privateKey }));
  mutate(der);
  return Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64');
};
const csrWith = (request: unknown) => ({ metadata: { name: 'x' }, spec: { request } });

test('a well-signed request is accepted', () => {
  const request = requestText();
  assert.deepEqual(requestVerdict(csrWith(request)), { request, problem: undefined, organizations: [] });
});

test('a signature that does not verify gets Go\'s text', () => {
  const request = requestText((der) => { const at = der.indexOf(Buffer.from('thread-user')); der[at] = 'T'.charCodeAt(0); });
  assert.deepEqual(requestVerdict(csrWith(request)), { request, problem: 'x509: ECDSA verification failure', organizations: [] });
});

test('text that is no PEM request gets Go\'s text', () => {
  assert.equal(requestVerdict(csrWith(Buffer.from('not a pem').toString('base64')))?.problem, 'PEM block type must be CERTIFICATE REQUEST');
});

test('an object without request text is left to validation', () => {
  assert.equal(requestVerdict(csrWith(42)), undefined);
  assert.equal(requestVerdict({ metadata: { name: 'x' } }), undefined);
});
