import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { MessageShape, Shape } from '../../../../src/api/serialize/shape-kit.js';
import { approvalPolicyShape } from '../../../../src/api/approval-policy/shape.js';

// The CRD for other API servers must describe the same fields signet itself accepts.
test('the example CRD has exactly the fields of the served kind', () => {
  const crd = parse(readFileSync(fileURLToPath(new URL('../../../../../examples/certificateapprovalpolicies.crd.yaml', import.meta.url)), 'utf8'));
  type Props = { properties?: Record<string, Props> };
  const spec = (crd.spec.versions[0].schema.openAPIV3Schema as Props).properties!['spec']!;
  const fields = (s: Props): unknown => Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fields(v)]).sort());
  const shapeFields = (s: Shape): unknown => typeof s === 'string' || s.kind !== 'message' ? {} : Object.fromEntries(s.fields.map((f) => [f.name, shapeFields(f.shape)]).sort());
  const specShape = approvalPolicyShape.fields.find((f) => f.name === 'spec')!.shape as MessageShape;
  assert.deepEqual(fields(spec), shapeFields(specShape));
});
