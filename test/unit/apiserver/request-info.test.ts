import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from '../../../src/apiserver/request-info.js';

const u = (p: string) => new URL(p, 'https://x');

const cases: Record<string, { method: string; path: string; want: Partial<ReturnType<typeof parseRequestInfo>> }> = {
  'a CSR list': { method: 'GET', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests?limit=500', want: { verb: 'list', apiGroup: 'certificates.k8s.io', apiVersion: 'v1', resource: 'certificatesigningrequests', name: '', isResourceRequest: true } },
  'a CSR watch': { method: 'GET', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&resourceVersion=5', want: { verb: 'watch' } },
  'a CSR get': { method: 'GET', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests/user=jean.doe', want: { verb: 'get', name: 'user=jean.doe' } },
  'the approval subresource': { method: 'PUT', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests/myuser/approval', want: { verb: 'update', name: 'myuser', subresource: 'approval' } },
  'a delete of a collection': { method: 'DELETE', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests', want: { verb: 'deletecollection' } },
  'namespaced pods': { method: 'GET', path: '/api/v1/namespaces/default/pods', want: { verb: 'list', namespace: 'default', resource: 'pods', apiGroup: '', apiVersion: 'v1' } },
  'pods in all namespaces': { method: 'GET', path: '/api/v1/pods', want: { verb: 'list', namespace: '', resource: 'pods' } },
  'a namespace itself': { method: 'GET', path: '/api/v1/namespaces/users', want: { verb: 'get', resource: 'namespaces', name: 'users', namespace: 'users' } },
  'a namespace status subresource': { method: 'PUT', path: '/api/v1/namespaces/users/status', want: { resource: 'namespaces', name: 'users', subresource: 'status' } },
  'a service account token': { method: 'POST', path: '/api/v1/namespaces/users/serviceaccounts/jean/token', want: { verb: 'create', namespace: 'users', resource: 'serviceaccounts', name: 'jean', subresource: 'token' } },
  'the deprecated watch path': { method: 'GET', path: '/api/v1/watch/namespaces/default/events', want: { verb: 'watch', namespace: 'default', resource: 'events' } },
  'discovery of a group version': { method: 'GET', path: '/apis/certificates.k8s.io/v1', want: { isResourceRequest: false, apiGroup: 'certificates.k8s.io' } },
  'a non-resource path': { method: 'GET', path: '/healthz', want: { isResourceRequest: false, verb: 'get' } },
};
for (const [name, tc] of Object.entries(cases)) {
  test(`parses ${name}`, () => {
    const info = parseRequestInfo(tc.method, u(tc.path));
    for (const [k, v] of Object.entries(tc.want)) assert.equal((info as unknown as Record<string, unknown>)[k], v, k);
  });
}

test('a watch narrowed to one name by a field selector is a request for that name', () => {
  // kubectl escapes `=` in the value: `kubectl get csr user=alice -w` sends metadata.name=user\=alice.
  const info = parseRequestInfo('GET', u('/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&fieldSelector=metadata.name%3Duser%5C%3Dalice'));
  assert.equal(info.verb, 'watch');
  assert.equal(info.name, 'user=alice');
  // RequiresExactMatch finds the name among other terms.
  assert.equal(parseRequestInfo('GET', u('/apis/certificates.k8s.io/v1/certificatesigningrequests?fieldSelector=metadata.name%3Da,spec.signerName%3Db')).name, 'a');
  // An unescaped `=` does not parse, so it names nothing (the list itself refuses it).
  assert.equal(parseRequestInfo('GET', u('/apis/certificates.k8s.io/v1/certificatesigningrequests?fieldSelector=metadata.name%3Duser%3Dalice')).name, '');
  assert.equal(parseRequestInfo('GET', u('/apis/certificates.k8s.io/v1/certificatesigningrequests?fieldSelector=metadata.name!%3Da')).name, '');
});

test('any watch value but 0 or false asks for a watch, as Go reads a bool parameter', () => {
  const verb = (q: string): string => parseRequestInfo('GET', u(`/apis/certificates.k8s.io/v1/certificatesigningrequests?${q}`)).verb;
  assert.deepEqual(['watch=true', 'watch=1', 'watch=True', 'watch=yes', 'watch='].map(verb), ['watch', 'watch', 'watch', 'watch', 'watch']);
  assert.deepEqual(['watch=false', 'watch=FALSE', 'watch=0', ''].map(verb), ['list', 'list', 'list', 'list']);
});
