// The registry and discovery describe the same resources: what kubectl finds in discovery is
// served, and what is served is found, with a schema in the served OpenAPI document for `kubectl
// explain` and a shape for strict decoding. Each definition brings its own schemas and shape, so
// these hold for a new kind once it is registered, or fail here naming what it lacks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitions } from '../../../../src/apiserver/registry/registry.js';
import { GROUP_VERSIONS, RESOURCES, type ResourceSpec } from '../../../../src/apiserver/discovery/resources.js';
import { openApiV3Key, prepareOpenApiV3Documents, reachableSchemas } from '../../../../src/apiserver/discovery/openapi.js';
import { shapeOfKind } from '../../../../src/apiserver/handlers/scheme.js';
import { metaSchemas } from '../../../../src/api/openapi/meta-schemas.js';
import type { Schema } from '../../../../src/api/openapi/schema-kit.js';

// Pods are stored so that a bound service account token can name one, but signet runs none: their spec is not
// modelled, so a Pod body is read as any JSON object (and refused as protobuf).
const decodedLoosely = new Set(['Pod']);
// The rows that no definition serves: reviews, answered by handlers that store nothing and publish no schema.
const reviewRows = new Set([
  'authentication.k8s.io/v1 selfsubjectreviews', 'authentication.k8s.io/v1 tokenreviews',
  'authorization.k8s.io/v1 localsubjectaccessreviews', 'authorization.k8s.io/v1 selfsubjectaccessreviews',
  'authorization.k8s.io/v1 selfsubjectrulesreviews', 'authorization.k8s.io/v1 subjectaccessreviews',
]);

const rowName = (r: { group: string; version: string; resource: string }) => `${r.group || 'core'}/${r.version} ${r.resource}`;
const rowOf = (group: string, version: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
const definitionOf = (row: ResourceSpec) =>
  definitions.find((d) => d.groupResource.group === row.group && d.groupResource.resource === row.resource && d.versions.some((v) => v.version === row.version));

type Json = { [key: string]: unknown };

test('every served version of every stored resource has a discovery row that agrees with it', () => {
  for (const d of definitions) {
    for (const v of d.versions) {
      const where = rowName({ group: d.groupResource.group, version: v.version, resource: d.groupResource.resource });
      const row = rowOf(d.groupResource.group, v.version, d.groupResource.resource);
      assert.ok(row, `${where}: no discovery row`);
      assert.equal(row.kind, d.kind, `${where}: kind`);
      assert.equal(row.scope, d.namespaced ? 'Namespaced' : 'Cluster', `${where}: scope`);
      assert.deepEqual(row.schema, { object: v.schema.object, list: v.schema.list }, `${where}: schema names`);
      const advertised = new Set(row.subresources.map((s) => s.name));
      for (const sub of Object.keys(d.subresources)) assert.ok(advertised.has(sub), `${where}: /${sub} is served but not advertised`);
    }
  }
});

test('every discovery row is served by a definition, or is a review that stores nothing and publishes no schema', () => {
  for (const row of RESOURCES) {
    const where = rowName(row);
    if (definitionOf(row)) {
      assert.ok(!reviewRows.has(where), `${where}: listed as a review but served by a definition`);
      continue;
    }
    assert.ok(reviewRows.has(where), `${where} is advertised but not served`);
    assert.deepEqual(row.verbs, ['create'], `${where}: a review is create-only`);
    assert.equal(row.schema, undefined, `${where}: a review publishes no schema`);
  }
  for (const name of reviewRows) assert.ok(RESOURCES.some((r) => rowName(r) === name), `${name}: no such review row`);
});

test('every served version publishes its kind and list in its group-version\'s OpenAPI document', () => {
  const served = new Map(prepareOpenApiV3Documents().map((d) => [d.key, (JSON.parse(d.body) as { components: { schemas: Record<string, Json> } }).components.schemas]));
  for (const d of definitions) {
    for (const v of d.versions) {
      const where = `${d.kind} ${v.version}`;
      const schemas = served.get(openApiV3Key({ group: d.groupResource.group, version: v.version }));
      assert.ok(schemas, `${where}: no OpenAPI document for its group-version`);
      for (const [name, kind] of [[v.schema.object, d.kind], [v.schema.list, d.listKind]] as const) {
        assert.ok(v.schema.components[name], `${where}: ${name} is named but not carried`);
        const published: Json | undefined = schemas[name];
        assert.ok(published, `${where}: ${name} is not in the served document`);
        assert.deepEqual(published['x-kubernetes-group-version-kind'], [{ group: d.groupResource.group, kind, version: v.version }], `${where}: ${name} describes another kind`);
      }
    }
  }
});

test('the schemas a served version carries refer only to each other and the meta/v1 schemas', () => {
  const meta = metaSchemas(GROUP_VERSIONS);
  for (const d of definitions) {
    for (const v of d.versions) {
      const roots: Record<string, Schema> = { object: { $ref: `#/components/schemas/${v.schema.object}` }, list: { $ref: `#/components/schemas/${v.schema.list}` } };
      assert.doesNotThrow(() => reachableSchemas(roots, { ...meta, ...v.schema.components }), `${d.kind} ${v.version}`);
    }
  }
});

test('every stored resource has a shape for strict decoding, and the scheme decodes its kind with it', () => {
  for (const d of definitions) {
    assert.ok(d.shape || decodedLoosely.has(d.kind), `${d.kind}: no decoding shape`);
    if (d.shape) {
      assert.equal(d.shape.go, d.kind, `${d.kind}: the shape of another kind`);
      assert.equal(shapeOfKind(d.kind), d.shape, `${d.kind}: the scheme decodes it with another shape`);
    } else {
      assert.equal(shapeOfKind(d.kind), undefined, `${d.kind}: decoded loosely but the scheme has a shape`);
    }
  }
});

test('every review and handler-served subresource decodes its kind with a shape of that kind', () => {
  const kinds = [
    ...RESOURCES.filter((r) => reviewRows.has(rowName(r))).map((r) => r.kind),
    ...definitions.flatMap((d) => (d.handledSubresources ?? []).flatMap((s) => (s.kind ? [s.kind] : []))),
  ];
  assert.ok(kinds.includes('TokenRequest'));
  for (const kind of kinds) assert.equal(shapeOfKind(kind)?.go, kind, `${kind}: no decoding shape`);
});
