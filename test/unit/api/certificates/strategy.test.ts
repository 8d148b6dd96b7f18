import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  csrSelectableFields, populateConditionTimestamps, prepareForApprovalUpdate, prepareForCreate, prepareForStatusUpdate,
  prepareForUpdate, validateForWrite,
} from '../../../../src/api/certificates/strategy.js';
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../../../../src/api/certificates/types.js';
import { b64, certPem, validCsr } from '../fixtures.js';

const now = new Date('2026-03-04T05:06:07.890Z');
const stamp = '2026-03-04T05:06:07Z';
const earlier = '2026-01-01T00:00:00Z';
const withConditions = (conditions: CertificateSigningRequestCondition[], base = validCsr()): CertificateSigningRequest => ({ ...base, status: { ...base.status, conditions } });

describe('create', () => {
  test('replaces the client-supplied identity with the requester', () => {
    const csr = validCsr({ username: 'mallory', uid: 'x', groups: ['system:masters'], extra: { a: ['b'] } });
    const out = prepareForCreate(csr, { username: 'alice', uid: 'u-9', groups: ['devs', 'system:authenticated'] });
    assert.equal(out.spec.username, 'alice');
    assert.equal(out.spec.uid, 'u-9');
    assert.deepEqual(out.spec.groups, ['devs', 'system:authenticated']);
    assert.equal('extra' in out.spec, false);
  });
  test('sets extra only when the user has some', () => {
    const out = prepareForCreate(validCsr(), { username: 'a', extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=ab'] } });
    assert.deepEqual(out.spec.extra, { 'authentication.kubernetes.io/credential-id': ['X509SHA256=ab'] });
  });
  test('wipes any client-supplied status', () => {
    const csr = withConditions([{ type: 'Approved', status: 'True' }], { ...validCsr(), status: { certificate: b64(certPem()) } });
    assert.deepEqual(prepareForCreate(csr, { username: 'a' }).status, {});
  });
  test('does not modify its input', () => {
    const csr = validCsr();
    const before = structuredClone(csr);
    prepareForCreate(csr, { username: 'z' });
    assert.deepEqual(csr, before);
  });
});

describe('main-resource update', () => {
  test('keeps the stored spec and status and takes the new metadata', () => {
    const old = withConditions([{ type: 'Approved', status: 'True' }]);
    const next = { ...validCsr({ signerName: 'example.com/other' }), status: {}, metadata: { ...old.metadata, labels: { a: 'b' } } };
    const out = prepareForUpdate(next, old);
    assert.deepEqual(out.spec, old.spec);
    assert.deepEqual(out.status, old.status);
    assert.deepEqual(out.metadata.labels, { a: 'b' });
  });
});

describe('/status update', () => {
  test('reverts edits to existing Approved conditions', () => {
    const old = withConditions([{ type: 'Approved', status: 'True', reason: 'A', lastUpdateTime: earlier, lastTransitionTime: earlier }]);
    const next = withConditions([{ type: 'Approved', status: 'True', reason: 'B' }]);
    const out = prepareForStatusUpdate(next, old, now);
    assert.deepEqual(out.status!.conditions, old.status!.conditions);
    assert.deepEqual(validateForWrite('status', out, old), []);
  });
  test('keeps the stored spec', () => {
    const old = validCsr();
    const certificate = b64(certPem());
    const out = prepareForStatusUpdate({ ...validCsr({ usages: ['server auth'] }), status: { certificate } }, old, now);
    assert.deepEqual(out.spec, old.spec);
    assert.equal(out.status!.certificate, certificate);
  });
  test('leaves an added Approved condition for validation to refuse', () => {
    const old = validCsr();
    const out = prepareForStatusUpdate(withConditions([{ type: 'Approved', status: 'True' }]), old, now);
    assert.equal(out.status!.conditions!.length, 1);
    assert.deepEqual(validateForWrite('status', out, old).map((e) => e.detail), ['updates may not add a condition of type "Approved"']);
  });
});

describe('/approval update', () => {
  test('takes only the conditions and fills their timestamps', () => {
    const old = { ...validCsr(), status: { certificate: b64(certPem()) } };
    const next = withConditions([{ type: 'Approved', status: 'True', reason: 'KubectlApprove', lastUpdateTime: earlier }], {
      ...validCsr({ usages: ['server auth'] }),
      status: {},
    });
    const out = prepareForApprovalUpdate(next, old, now);
    assert.deepEqual(out.spec, old.spec);
    assert.equal(out.status!.certificate, old.status.certificate);
    assert.deepEqual(out.status!.conditions, [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', lastUpdateTime: earlier, lastTransitionTime: stamp }]);
  });
});

describe('condition timestamps', () => {
  const cases: Record<string, { cond: CertificateSigningRequestCondition; old: CertificateSigningRequestCondition[]; want: [string, string] }> = {
    'fills both with now when nothing is stored': { cond: { type: 'Failed', status: 'True' }, old: [], want: [stamp, stamp] },
    'keeps timestamps the client set': {
      cond: { type: 'Failed', status: 'True', lastUpdateTime: earlier, lastTransitionTime: earlier }, old: [], want: [earlier, earlier],
    },
    'reuses the transition time of the same type and status': {
      cond: { type: 'Ready', status: 'True' }, old: [{ type: 'Ready', status: 'True', lastTransitionTime: earlier }], want: [stamp, earlier],
    },
    'does not reuse the transition time when the status changed': {
      cond: { type: 'Ready', status: 'False' }, old: [{ type: 'Ready', status: 'True', lastTransitionTime: earlier }], want: [stamp, stamp],
    },
    'treats Go zero time as unset': {
      cond: { type: 'Failed', status: 'True', lastUpdateTime: '0001-01-01T00:00:00Z' }, old: [], want: [stamp, stamp],
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    test(name, () => {
      const out = populateConditionTimestamps(withConditions([tc.cond]), withConditions(tc.old), now);
      const c = out.status!.conditions![0]!;
      assert.deepEqual([c.lastUpdateTime, c.lastTransitionTime], tc.want);
    });
  }
});

describe('selectable fields', () => {
  test('selects on name and signer', () => {
    assert.deepEqual(csrSelectableFields(validCsr()), { 'metadata.name': 'myuser', 'spec.signerName': 'kubernetes.io/kube-apiserver-client' });
  });
});
