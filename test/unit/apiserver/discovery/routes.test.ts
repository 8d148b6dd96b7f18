// Which path, method and Accept header get which document and Content-Type.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDiscoveryRouter } from '../../../../src/apiserver/discovery/routes.js';

const router = createDiscoveryRouter({ serverAddress: '127.0.0.1:6443', now: () => new Date('2026-01-01T00:00:00Z') });
const AGG = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

const cases: Record<string, { url: string; accept?: string; contentType: string; kind?: string }> = {
  '/version is JSON version info': { url: '/version?timeout=32s', contentType: 'application/json' },
  '/api with the aggregated Accept is aggregated v2': { url: '/api?timeout=32s', accept: AGG, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', kind: 'APIGroupDiscoveryList' },
  '/apis with the aggregated Accept is aggregated v2': { url: '/apis', accept: AGG, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', kind: 'APIGroupDiscoveryList' },
  '/api with plain JSON Accept is legacy APIVersions': { url: '/api', accept: 'application/json, */*', contentType: 'application/json', kind: 'APIVersions' },
  '/apis with plain JSON Accept is legacy APIGroupList': { url: '/apis', accept: 'application/json, */*', contentType: 'application/json', kind: 'APIGroupList' },
  '/api/v1 is an APIResourceList': { url: '/api/v1', contentType: 'application/json', kind: 'APIResourceList' },
  '/apis/certificates.k8s.io/v1 is an APIResourceList': { url: '/apis/certificates.k8s.io/v1?timeout=32s', contentType: 'application/json', kind: 'APIResourceList' },
  'a trailing slash is accepted': { url: '/apis/certificates.k8s.io/v1beta1/', contentType: 'application/json', kind: 'APIResourceList' },
  '/apis/certificates.k8s.io is an APIGroup': { url: '/apis/certificates.k8s.io', contentType: 'application/json', kind: 'APIGroup' },
  '/openapi/v3 is the index': { url: '/openapi/v3?timeout=32s', contentType: 'application/json' },
};

for (const [name, tc] of Object.entries(cases)) {
  test(name, () => {
    const res = router({ method: 'GET', url: tc.url, accept: tc.accept });
    assert.ok(res);
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], tc.contentType);
    const body = JSON.parse(String(res.body));
    if (tc.kind !== undefined) assert.equal(body.kind, tc.kind);
  });
}

test('the index URLs lead to the group-version documents, served immutable', () => {
  const index = JSON.parse(String(router({ method: 'GET', url: '/openapi/v3' })!.body));
  for (const { serverRelativeURL } of Object.values(index.paths) as { serverRelativeURL: string }[]) {
    const res = router({ method: 'GET', url: `${serverRelativeURL}&timeout=32s`, accept: 'application/json' });
    assert.ok(res, serverRelativeURL);
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], 'application/json');
    assert.equal(res.headers['Cache-Control'], 'public, immutable');
    assert.equal(JSON.parse(String(res.body)).openapi, '3.0.0');
  }
});

const notOurs: Record<string, [string, string]> = {
  'resource collections fall through': ['GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests'],
  'unknown group-versions fall through': ['GET', '/apis/apps/v1'],
  'unknown OpenAPI documents fall through': ['GET', '/openapi/v3/apis/apps/v1'],
  'writes fall through': ['POST', '/api'],
};
for (const [name, [method, url]] of Object.entries(notOurs)) {
  test(name, () => assert.equal(router({ method, url }), null));
}

test('/openapi/v2 is a Swagger 2.0 document without definitions: protobuf when asked, as kubectl asks, else JSON', () => {
  const pb = router({ method: 'GET', url: '/openapi/v2?timeout=32s', accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' })!;
  assert.equal(pb.headers['Content-Type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  // openapi_v2.Document{swagger: "2.0", info: {title: "Kubernetes", version: "v1.32.0"}}
  assert.equal(Buffer.from(pb.body).toString('hex'), Buffer.concat([
    Buffer.from([0x0a, 3]), Buffer.from('2.0'), Buffer.from([0x12, 21, 0x0a, 10]), Buffer.from('Kubernetes'), Buffer.from([0x12, 7]), Buffer.from('v1.32.0'),
  ]).toString('hex'));
  const json = router({ method: 'GET', url: '/openapi/v2' })!;
  assert.equal(json.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(String(json.body)), { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: {} });
});
