import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ageSince, humanDuration } from '../../../../src/api/meta.js';
import { csrCells, csrColumnDefinitions } from '../../../../src/api/certificates/table.js';
import type { CertificateSigningRequest } from '../../../../src/api/certificates/types.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  const cases: Record<string, [number, string]> = {
    'is invalid below minus one second': [-2 * s, '<invalid>'],
    'rounds small negatives to 0s': [-1 * s, '0s'],
    'counts seconds under two minutes': [119 * s, '119s'],
    'shows minutes and seconds under ten minutes': [5 * m + 30 * s, '5m30s'],
    'drops zero seconds': [2 * m, '2m'],
    'counts ten minutes as 10m': [600 * s, '10m'],
    'counts an hour as 60m': [h, '60m'],
    'counts two hours as 120m': [2 * h, '120m'],
    'shows hours and minutes under eight hours': [3 * h + 5 * m, '3h5m'],
    'counts a day as 24h': [d, '24h'],
    'shows days and hours under eight days': [3 * d + 4 * h, '3d4h'],
    'counts a week as 7d': [7 * d, '7d'],
    'counts a year as 365d': [365 * d, '365d'],
    'shows years and days under eight years': [2 * 365 * d + 10 * d, '2y10d'],
    'shows whole years beyond eight years': [9 * 365 * d + 3 * d, '9y'],
  };
  for (const [name, [ms, want]] of Object.entries(cases)) test(name, () => assert.equal(humanDuration(ms), want));
});

const now = new Date('2026-01-01T01:00:00Z');
const csr = (spec: Partial<CertificateSigningRequest['spec']>, status: CertificateSigningRequest['status'] = {}): CertificateSigningRequest => ({
  metadata: { name: 'myuser', creationTimestamp: '2026-01-01T00:59:44Z', labels: { a: 'b' } },
  spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'myuser', ...spec },
  status,
});

describe('CSR table', () => {
  test('has the six upstream columns, none hidden behind -o wide', () => {
    assert.deepEqual(csrColumnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]), [
      ['Name', 'string', 'name', 0], ['Age', 'string', '', 0], ['SignerName', 'string', '', 0],
      ['Requestor', 'string', '', 0], ['RequestedDuration', 'string', '', 0], ['Condition', 'string', '', 0],
    ]);
  });
  const cases: Record<string, [CertificateSigningRequest, string[]]> = {
    'fills every cell of an approved, issued request': [
      csr({ expirationSeconds: 86400 }, { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'eA==' }),
      ['myuser', '16s', 'kubernetes.io/kube-apiserver-client', 'myuser', '24h', 'Approved,Issued'],
    ],
    'prints <none> for a missing signer and duration': [csr({ signerName: '' }), ['myuser', '16s', '<none>', 'myuser', '<none>', 'Pending']],
    'prints an empty requestor when unknown': [csr({ username: undefined }), ['myuser', '16s', 'kubernetes.io/kube-apiserver-client', '', '<none>', 'Pending']],
  };
  for (const [name, [c, want]] of Object.entries(cases)) test(name, () => assert.deepEqual(csrCells(c, now), want));
  test('prints <unknown> age without a creation time', () => assert.equal(ageSince(undefined, now), '<unknown>'));
});
