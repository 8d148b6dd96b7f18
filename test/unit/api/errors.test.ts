import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as e from '../../../src/api/errors.js';
import { required, invalid } from '../../../src/api/field-error.js';

const csr = e.csrGroupResource;

describe('status error builders', () => {
  const cases: Record<string, { err: e.StatusError; code: number; reason: string; message: string }> = {
    'says a CSR was not found': {
      err: e.newNotFound(csr, 'x'), code: 404, reason: 'NotFound',
      message: 'certificatesigningrequests.certificates.k8s.io "x" not found',
    },
    'leaves the group out for core resources': {
      err: e.newNotFound({ group: '', resource: 'namespaces' }, 'users'), code: 404, reason: 'NotFound', message: 'namespaces "users" not found',
    },
    'says a CSR already exists': {
      err: e.newAlreadyExists(csr, 'x'), code: 409, reason: 'AlreadyExists',
      message: 'certificatesigningrequests.certificates.k8s.io "x" already exists',
    },
    'words the optimistic-concurrency conflict': {
      err: e.newOptimisticLockConflict(csr, 'x'), code: 409, reason: 'Conflict',
      message: 'Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io "x": the object has been modified; please apply your changes to the latest version and try again',
    },
    'prints one invalid field bare': {
      err: e.newInvalid(e.csrGroupKind, 'x', [required('spec.usages')]), code: 422, reason: 'Invalid',
      message: 'CertificateSigningRequest.certificates.k8s.io "x" is invalid: spec.usages: Required value',
    },
    'brackets several invalid fields': {
      err: e.newInvalid(e.csrGroupKind, 'x', [required('spec.usages'), required('spec.signerName')]), code: 422, reason: 'Invalid',
      message: 'CertificateSigningRequest.certificates.k8s.io "x" is invalid: [spec.usages: Required value, spec.signerName: Required value]',
    },
    'words an RBAC denial at the cluster scope': {
      err: e.newForbiddenForRequest({ user: 'bob', verb: 'update', group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', name: 'x' }),
      code: 403, reason: 'Forbidden',
      message: 'certificatesigningrequests.certificates.k8s.io "x" is forbidden: User "bob" cannot update resource "certificatesigningrequests/approval" in API group "certificates.k8s.io" at the cluster scope',
    },
    'words an RBAC denial in a namespace without a name': {
      err: e.newForbiddenForRequest({ user: 'myuser', verb: 'list', group: '', resource: 'pods', namespace: 'default' }),
      code: 403, reason: 'Forbidden',
      message: 'pods is forbidden: User "myuser" cannot list resource "pods" in API group "" in the namespace "default"',
    },
    'words a non-resource denial': {
      err: e.newForbiddenForRequest({ user: 'u', verb: 'get', group: '', resource: '', path: '/metrics' }),
      code: 403, reason: 'Forbidden', message: 'forbidden: User "u" cannot get path "/metrics"',
    },
    'words an admission denial': {
      err: e.newForbidden(csr, 'x', 'user not permitted to approve requests with signerName "example.com/s"'),
      code: 403, reason: 'Forbidden',
      message: 'certificatesigningrequests.certificates.k8s.io "x" is forbidden: user not permitted to approve requests with signerName "example.com/s"',
    },
    'defaults the unauthorized text': { err: e.newUnauthorized(), code: 401, reason: 'Unauthorized', message: 'not authorized' },
    'keeps a bad request text': { err: e.newBadRequest('nope'), code: 400, reason: 'BadRequest', message: 'nope' },
    'names the verb that is not supported': {
      err: e.newMethodNotSupported(csr, 'create'), code: 405, reason: 'MethodNotAllowed',
      message: 'create is not supported on resources of kind "certificatesigningrequests.certificates.k8s.io"',
    },
    'lists acceptable media types': {
      err: e.newNotAcceptable(['application/json', 'application/yaml']), code: 406, reason: 'NotAcceptable',
      message: 'only the following media types are accepted: application/json, application/yaml',
    },
    'lists accepted body types': {
      err: e.newUnsupportedMediaType(['application/json']), code: 415, reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json',
    },
    'states the body limit': {
      err: e.newRequestEntityTooLarge(), code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728',
    },
    'prefixes rate limiting': { err: e.newTooManyRequestsError('slow down'), code: 429, reason: 'TooManyRequests', message: 'Too many requests: slow down' },
    'words an expired list': { err: e.newResourceExpired(e.expiredMessages.list), code: 410, reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' },
    'words an expired watch': { err: e.newResourceExpired(e.expiredMessages.watch), code: 410, reason: 'Expired', message: 'The resourceVersion for the provided watch is too old.' },
    'keeps Gone for callers that want it': { err: e.newGone('gone'), code: 410, reason: 'Gone', message: 'gone' },
    'prefixes timeouts': { err: e.newTimeout('slow', 1), code: 504, reason: 'Timeout', message: 'Timeout: slow' },
    'words a too large resource version': {
      err: e.newTooLargeResourceVersion(12, 10, 1), code: 504, reason: 'Timeout', message: 'Timeout: Too large resource version: 12, current: 10',
    },
    'prefixes internal errors': { err: e.newInternalError('disk on fire'), code: 500, reason: 'InternalError', message: 'Internal error occurred: disk on fire' },
    'words a server timeout': {
      err: e.newServerTimeout(csr, 'create', 2), code: 500, reason: 'ServerTimeout',
      message: 'The create operation against certificatesigningrequests.certificates.k8s.io could not be completed at this time, please try again.',
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    test(name, () => {
      assert.equal(tc.err.status.message, tc.err.message);
      assert.deepEqual([tc.err.code, tc.err.reason, tc.err.message], [tc.code, tc.reason, tc.message]);
      assert.equal(tc.err.status.kind, 'Status');
      assert.equal(tc.err.status.apiVersion, 'v1');
      assert.equal(tc.err.status.status, 'Failure');
    });
  }
});

describe('status shape', () => {
  test('serializes a NotFound like kube-apiserver', () => {
    assert.equal(
      JSON.stringify(e.newNotFound(csr, 'user=jean.doe').status),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"certificatesigningrequests.certificates.k8s.io \\"user=jean.doe\\" not found","reason":"NotFound","details":{"name":"user=jean.doe","group":"certificates.k8s.io","kind":"certificatesigningrequests"},"code":404}',
    );
  });
  test('gives an Invalid one cause per field error, duplicates included', () => {
    const err = e.newInvalid(e.csrGroupKind, 'x', [invalid('spec.request', 'a', 'bad'), invalid('spec.request', 'a', 'bad')]);
    assert.deepEqual(err.status.details, {
      name: 'x', group: 'certificates.k8s.io', kind: 'CertificateSigningRequest',
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: "a": bad', field: 'spec.request' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: "a": bad', field: 'spec.request' },
      ],
    });
    assert.equal(err.message, 'CertificateSigningRequest.certificates.k8s.io "x" is invalid: spec.request: Invalid value: "a": bad');
  });
  test('carries a fresh continue token on an inconsistent continue', () => {
    const err = e.newInconsistentContinue('tok');
    assert.equal(err.status.metadata.continue, 'tok');
    assert.match(err.message, /^The provided continue parameter is too old/);
  });
  test('marks a too large resource version with its cause', () => {
    assert.deepEqual(e.newTooLargeResourceVersion(5, 3, 1).status.details, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1,
    });
  });
  test('turns unknown failures into a 500 that reveals nothing', () => {
    const err = e.toStatusError(new Error('secret path /etc/x'));
    assert.equal(err.code, 500);
    assert.doesNotMatch(err.message, /secret/);
  });
  test('passes a StatusError through', () => {
    const nf = e.newNotFound(csr, 'a');
    assert.equal(e.toStatusError(nf), nf);
  });
  test('explains an undecodable body with its kind and version', () => {
    assert.equal(
      e.newDecodeError('CertificateSigningRequest', 'strict decoding error: unknown field "spec.foo"', { kind: 'CertificateSigningRequest', version: 'v1' }).message,
      'CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: strict decoding error: unknown field "spec.foo"',
    );
  });
  test('summarizes an unrecognized body', () => {
    const body = new TextEncoder().encode('{"a":1}');
    assert.equal(
      e.newDecodeError('CertificateSigningRequest', 'boom', undefined, body).message,
      'the object provided is unrecognized (must be of type CertificateSigningRequest): boom ({"a":1})',
    );
  });
});
