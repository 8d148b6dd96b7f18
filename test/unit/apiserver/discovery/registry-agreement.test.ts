// The registry and discovery describe the same resources: what kubectl finds in discovery is
// served, and what is served is found, with a schema for `kubectl explain` and a shape for strict
// decoding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitions } from '../../../../src/apiserver/registry/registry.js';
import { RESOURCES } from '../../../../src/apiserver/discovery/resources.js';
import { schemaPool } from '../../../../src/apiserver/discovery/openapi.js';

const pool = schemaPool();
// Pods are stored so that a bound service account token can name one, but signet runs none: their spec is not
// modelled, so a Pod body is read as any JSON object (and refused as protobuf).
const decodedLoosely = new Set(['Pod']);
const rowOf = (group: string, version: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);

test('every served version of every stored resource has a discovery row that agrees with it', () => {
  for (const d of definitions) {
    for (const v of d.versions) {
      const where = `${d.groupResource.group || 'core'}/${v.version} ${d.groupResource.resource}`;
      const row = rowOf(d.groupResource.group, v.version, d.groupResource.resource);
      assert.ok(row, `${where}: no discovery row`);
      assert.equal(row.kind, d.kind, `${where}: kind`);
      assert.equal(row.scope, d.namespaced ? 'Namespaced' : 'Cluster', `${where}: scope`);
      const advertised = new Set(row.subresources.map((s) => s.name));
      for (const sub of Object.keys(d.subresources)) assert.ok(advertised.has(sub), `${where}: /${sub} is served but not advertised`);
    }
  }
});

test('every discovery row of a stored resource is served by the registry', () => {
  for (const row of RESOURCES.filter((r) => r.verbs.includes('list'))) {
    const d = definitions.find((x) => x.groupResource.group === row.group && x.groupResource.resource === row.resource);
    assert.ok(d?.versions.some((v) => v.version === row.version), `${row.group || 'core'}/${row.version} ${row.resource} is advertised but not served`);
  }
});

test('every stored resource publishes its schemas and has a shape for strict decoding', () => {
  for (const d of definitions) {
    for (const v of d.versions) {
      const row = rowOf(d.groupResource.group, v.version, d.groupResource.resource)!;
      assert.ok(row.schema && pool[row.schema.object] && pool[row.schema.list], `${d.kind} ${v.version}: no OpenAPI schema for kubectl explain`);
    }
    assert.ok(d.shape || decodedLoosely.has(d.kind), `${d.kind}: no decoding shape`);
    if (d.shape) assert.equal(d.shape.go, d.kind, `${d.kind}: the shape of another kind`);
  }
});
