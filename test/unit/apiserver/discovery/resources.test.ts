// Invariants of the resource table that discovery and OpenAPI rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GROUP_VERSIONS, RESOURCES, groupVersionPath, groupVersionString, namedGroups, resourcesIn, versionsOf,
} from '../../../../src/apiserver/discovery/resources.js';
import { schemaPool } from '../../../../src/apiserver/discovery/openapi.js';

test('every row belongs to a served group-version and every group-version has rows', () => {
  for (const row of RESOURCES) {
    assert.ok(GROUP_VERSIONS.some((gv) => gv.group === row.group && gv.version === row.version), `${row.resource} ${row.version}`);
  }
  for (const gv of GROUP_VERSIONS) assert.ok(resourcesIn(gv).length > 0, groupVersionString(gv));
});

test('resource names and short names are unique within a group-version', () => {
  for (const gv of GROUP_VERSIONS) {
    const names = resourcesIn(gv).flatMap((r) => [r.resource, r.singular, ...r.shortNames]);
    assert.equal(new Set(names).size, names.length, groupVersionString(gv));
  }
});

test('verbs are listed sorted, as kube-apiserver lists them', () => {
  for (const row of RESOURCES) {
    assert.deepEqual([...row.verbs], [...row.verbs].sort(), row.resource);
    for (const sub of row.subresources) assert.deepEqual([...sub.verbs], [...sub.verbs].sort(), `${row.resource}/${sub.name}`);
  }
});

test('CSRs are cluster-scoped with short name csr and approval and status subresources in v1 and v1beta1', () => {
  for (const version of ['v1', 'v1beta1']) {
    const csr = RESOURCES.find((r) => r.group === 'certificates.k8s.io' && r.version === version && r.resource === 'certificatesigningrequests');
    assert.ok(csr, version);
    assert.equal(csr.scope, 'Cluster');
    assert.equal(csr.kind, 'CertificateSigningRequest');
    assert.deepEqual(csr.shortNames, ['csr']);
    assert.deepEqual(csr.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    assert.deepEqual(csr.subresources.map((s) => [s.name, s.verbs]), [['approval', ['get', 'patch', 'update']], ['status', ['get', 'patch', 'update']]]);
  }
});

test('pods are stored resources with a schema, so kubectl get pods reaches RBAC and then the store', () => {
  const pods = RESOURCES.find((r) => r.resource === 'pods');
  assert.ok(pods);
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.schema, { object: 'io.k8s.api.core.v1.Pod', list: 'io.k8s.api.core.v1.PodList' });
});

test('every schema a row names exists in the schema pool', () => {
  const pool = schemaPool();
  for (const row of RESOURCES) {
    if (row.schema === undefined) continue;
    assert.ok(pool[row.schema.object], row.schema.object);
    assert.ok(pool[row.schema.list], row.schema.list);
  }
});

test('v1 is the preferred certificates.k8s.io version and paths follow the core/named-group split', () => {
  assert.deepEqual(namedGroups(), ['authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'rbac.authorization.k8s.io', 'signet.dev', 'certificates.signet.dev']);
  assert.deepEqual(versionsOf('certificates.k8s.io').map((gv) => gv.version), ['v1', 'v1beta1', 'v1alpha1']);
  assert.equal(groupVersionPath({ group: '', version: 'v1' }), '/api/v1');
  assert.equal(groupVersionPath({ group: 'certificates.k8s.io', version: 'v1' }), '/apis/certificates.k8s.io/v1');
  assert.equal(groupVersionString({ group: '', version: 'v1' }), 'v1');
});
