import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { conditionSummary, hasFailedCondition, isApproved } from '../../../../src/api/certificates/conditions.js';
import { isKubernetesSignerName, signerAuthorizationNames } from '../../../../src/api/certificates/signer-names.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';

const csr = (types: string[], certificate?: string): Pick<CertificateSigningRequest, 'status'> => ({
  status: { conditions: types.map((type) => ({ type, status: 'True' })), ...(certificate ? { certificate } : {}) },
});

describe('condition summary', () => {
  const cases: Record<string, [Pick<CertificateSigningRequest, 'status'>, string]> = {
    'is Pending without conditions': [csr([]), 'Pending'],
    'is Approved': [csr(['Approved']), 'Approved'],
    'adds Issued when a certificate is present': [csr(['Approved'], 'eA=='), 'Approved,Issued'],
    'prefers Denied over Approved': [csr(['Approved', 'Denied']), 'Denied'],
    'adds Failed after the approval state': [csr(['Approved', 'Failed']), 'Approved,Failed'],
    'shows Failed on a pending request': [csr(['Failed']), 'Pending,Failed'],
    'ignores custom conditions': [csr(['Custom']), 'Pending'],
    'handles a missing status': [{}, 'Pending'],
  };
  for (const [name, [c, want]] of Object.entries(cases)) test(name, () => assert.equal(conditionSummary(c), want));
  test('approved means Approved without Denied', () => assert.deepEqual([isApproved(csr(['Approved'])), isApproved(csr(['Approved', 'Denied']))], [true, false]));
  test('a Failed condition with status False does not count', () => {
    assert.equal(hasFailedCondition({ status: { conditions: [{ type: 'Failed', status: 'False' }] } }), false);
  });
});

describe('signer names', () => {
  test('reserves kubernetes.io and its subdomains', () => {
    assert.deepEqual(['kubernetes.io/x', 'a.kubernetes.io/x', 'example.com/x', 'notkubernetes.io/x'].map(isKubernetesSignerName), [true, true, false, false]);
  });
  test('asks about the exact name, then the domain wildcard', () => {
    assert.deepEqual(signerAuthorizationNames('example.com/foo'), ['example.com/foo', 'example.com/*']);
  });
});
