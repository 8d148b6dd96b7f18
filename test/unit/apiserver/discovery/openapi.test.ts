// The OpenAPI v3 index and group-version documents: the facts kubectl's validation probe, apply and explain read (kubectl-wire.md §5, §7).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildOpenApiV3Document, buildOpenApiV3Index, openApiHash, openApiV3Key, openApiV3ResponseHead, prepareOpenApiV3Documents,
  reachableSchemas, serializeOpenApi,
} from '../../../../src/apiserver/discovery/openapi.js';
import { GROUP_VERSIONS, RESOURCES } from '../../../../src/apiserver/discovery/resources.js';

type Json = Record<string, any>;
const V1 = { group: 'certificates.k8s.io', version: 'v1' };
const CSR = 'io.k8s.api.certificates.v1.CertificateSigningRequest';

function doc(gv = V1): Json {
  // Round-trip through JSON so the assertions see exactly what a client parses.
  return JSON.parse(serializeOpenApi(buildOpenApiV3Document(gv))) as Json;
}

function deref(d: Json, schema: Json): Json {
  const r: string | undefined = schema.$ref ?? schema.allOf?.[0]?.$ref;
  return r === undefined ? schema : d.components.schemas[r.slice('#/components/schemas/'.length)];
}

test('every group-version document is OpenAPI 3.0 JSON whose $refs all resolve', () => {
  for (const gv of GROUP_VERSIONS) {
    const d = doc(gv);
    assert.equal(d.openapi, '3.0.0');
    assert.equal(d.info.title, 'Kubernetes');
    const refs = JSON.stringify(d).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) {
      const name = r.slice('"$ref":"#/components/schemas/'.length, -1);
      assert.ok(d.components.schemas[name], `${openApiV3Key(gv)} ${name}`);
    }
  }
});

test('each served kind has a schema with its x-kubernetes-group-version-kind', () => {
  for (const row of RESOURCES.filter((r) => r.schema !== undefined)) {
    const d = doc({ group: row.group, version: row.version });
    for (const [name, kind] of [[row.schema!.object, row.kind], [row.schema!.list, `${row.kind}List`]] as const) {
      assert.deepEqual(d.components.schemas[name]['x-kubernetes-group-version-kind'], [{ group: row.group, kind, version: row.version }], name);
    }
  }
});

test('each served kind that takes patches has a patch operation with its GVK and a fieldValidation query parameter', () => {
  for (const row of RESOURCES.filter((r) => r.schema !== undefined && r.verbs.includes('patch'))) {
    const d = doc({ group: row.group, version: row.version });
    const patches = Object.values(d.paths).map((item: any) => item.patch).filter((p: any) => p !== undefined);
    const match = patches.find((p: any) => p['x-kubernetes-group-version-kind'].kind === row.kind
      && p['x-kubernetes-group-version-kind'].version === row.version && p['x-kubernetes-group-version-kind'].group === row.group);
    assert.ok(match, `${row.resource} ${row.version}`);
    assert.ok(match.parameters.some((p: any) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.ok(match.requestBody.content['application/strategic-merge-patch+json']);
  }
});

test('the CSR schema has the Kubernetes required fields, byte formats and list semantics', () => {
  const d = doc();
  const s = d.components.schemas;
  assert.deepEqual(s[CSR].required, ['spec']);
  assert.deepEqual(s[`${CSR}Spec`].required, ['request', 'signerName']);
  assert.deepEqual(s[`${CSR}Condition`].required, ['type', 'status']);
  assert.deepEqual(s[`${CSR}List`].required, ['items']);
  assert.equal(s[`${CSR}Spec`].properties.request.format, 'byte');
  assert.equal(s[`${CSR}Status`].properties.certificate.format, 'byte');
  assert.equal(s[`${CSR}Spec`].properties.expirationSeconds.format, 'int32');
  assert.equal(s[`${CSR}Spec`].properties.usages['x-kubernetes-list-type'], 'atomic');
  const conditions = s[`${CSR}Status`].properties.conditions;
  assert.equal(conditions['x-kubernetes-list-type'], 'map');
  assert.deepEqual(conditions['x-kubernetes-list-map-keys'], ['type']);
  assert.equal(deref(d, conditions.items), s[`${CSR}Condition`]);
  assert.match(s[`${CSR}Spec`].properties.request.description, /CERTIFICATE REQUEST/);
});

test('ObjectMeta carries the strategic-merge extensions Kubernetes has', () => {
  const meta = doc().components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties;
  assert.equal(meta.finalizers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(meta.ownerReferences['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(meta.ownerReferences['x-kubernetes-patch-merge-key'], 'uid');
  assert.deepEqual(meta.ownerReferences['x-kubernetes-list-map-keys'], ['uid']);
});

test('the v1beta1 CSR has its own GVK and the looser v1beta1 required fields', () => {
  const s = doc({ group: 'certificates.k8s.io', version: 'v1beta1' }).components.schemas;
  const name = 'io.k8s.api.certificates.v1beta1.CertificateSigningRequest';
  assert.deepEqual(s[name]['x-kubernetes-group-version-kind'], [{ group: 'certificates.k8s.io', kind: 'CertificateSigningRequest', version: 'v1beta1' }]);
  assert.deepEqual(s[`${name}Spec`].required, ['request']);
  assert.equal(s[CSR], undefined, 'no v1 schemas leak into the v1beta1 document');
});

test('the core v1 document describes Event and the shared meta kinds', () => {
  const s = doc({ group: '', version: 'v1' }).components.schemas;
  assert.deepEqual(s['io.k8s.api.core.v1.Event'].required, ['metadata', 'involvedObject']);
  for (const kind of ['DeleteOptions', 'Status', 'Patch', 'WatchEvent', 'ListMeta', 'ObjectMeta']) {
    assert.ok(s[`io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`], kind);
  }
  assert.deepEqual(s['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']['x-kubernetes-group-version-kind'].map((g: Json) => `${g.group}/${g.version}`),
    ['/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'signet.dev/v1alpha1', 'certificates.signet.dev/v1alpha1']);
});

test('namespaced resources get namespaced and all-namespaces paths', () => {
  const paths = Object.keys(doc({ group: '', version: 'v1' }).paths);
  assert.ok(paths.includes('/api/v1/namespaces/{namespace}/events/{name}'));
  assert.ok(paths.includes('/api/v1/events'));
  assert.ok(paths.includes('/api/v1/namespaces/{namespace}/pods/{name}'), 'pods are stored and have paths');
  assert.ok(paths.includes('/api/v1/namespaces/{name}'), 'namespaces are cluster-scoped');
  assert.ok(!paths.some((p) => p.includes('selfsubject')), 'review rows publish no paths');
});

test('hashes are uppercase SHA-512 hex, stable across builds and matching the index URLs', () => {
  const first = prepareOpenApiV3Documents();
  const second = prepareOpenApiV3Documents();
  assert.deepEqual(first.map((d) => d.hash), second.map((d) => d.hash));
  for (const d of first) {
    assert.match(d.hash, /^[0-9A-F]{128}$/);
    assert.equal(openApiHash(d.body), d.hash);
  }
  assert.equal(new Set(first.map((d) => d.hash)).size, first.length);
  const index = buildOpenApiV3Index(first);
  assert.deepEqual(Object.keys(index.paths), [
    'api/v1', 'apis/authentication.k8s.io/v1', 'apis/authorization.k8s.io/v1', 'apis/certificates.k8s.io/v1', 'apis/certificates.k8s.io/v1beta1', 'apis/certificates.k8s.io/v1alpha1',
    'apis/coordination.k8s.io/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/signet.dev/v1alpha1', 'apis/certificates.signet.dev/v1alpha1',
  ]);
  assert.equal(index.paths['apis/certificates.k8s.io/v1']!.serverRelativeURL, `/openapi/v3/apis/certificates.k8s.io/v1?hash=${first[3]!.hash}`);
});

test('a matching hash makes the document immutable for a year; a stale one redirects; none gets no caching', () => {
  const d = prepareOpenApiV3Documents()[0]!;
  const now = new Date('2026-01-02T03:04:05Z');
  const hit = openApiV3ResponseHead(d, d.hash, now);
  assert.equal(hit.status, 200);
  assert.equal(hit.headers['Cache-Control'], 'public, immutable');
  assert.equal(hit.headers.Expires, 'Sat, 02 Jan 2027 03:04:05 GMT');
  assert.equal(hit.headers.ETag, `"${d.hash}"`);
  const stale = openApiV3ResponseHead(d, 'ABC', now);
  assert.equal(stale.status, 301);
  assert.equal(stale.headers.Location, `/openapi/v3/api/v1?hash=${d.hash}`);
  const plain = openApiV3ResponseHead(d, null, now);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['Cache-Control'], undefined);
});

test('a reference to an undefined schema is reported instead of producing a broken document', () => {
  assert.throws(() => reachableSchemas({ x: { $ref: '#/components/schemas/io.example.Missing' } }, {}), /io\.example\.Missing/);
});
