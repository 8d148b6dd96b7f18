import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfsslValidity, kubernetesValidity } from '../../../src/pki/validity.js';
import { PkiError } from '../../../src/pki/errors.js';

const now = new Date('2026-11-23T12:00:30.700Z');
const year = 365 * 86400e3;
const caNotAfter = new Date('2036-01-01T00:00:00Z');
const minutes = (d: Date) => (d.getTime() - Date.parse('2026-11-23T12:00:30Z')) / 60e3;

const cases: Record<string, { requested?: number; max?: number; before: number; after: number }> = {
  '600 s spans 15 minutes, backdated 5': { requested: 600, before: -5, after: 10 },
  '86400 s spans exactly 24 hours': { requested: 86400, before: -5, after: 24 * 60 - 5 },
  'unset takes the signing duration exactly': { before: -5, after: 365 * 24 * 60 - 5 },
  'a request below the 10-minute floor is raised to it': { requested: 60, before: -5, after: 10 },
  'a request above the maximum is capped': { requested: 10 * 365 * 86400, before: -5, after: 365 * 24 * 60 - 5 },
  'a 7-hour request is short, so not shortened': { requested: 7 * 3600, before: -5, after: 7 * 60 },
  'a request above a maximum under 10 minutes gets the maximum, not the floor': { requested: 600, max: 5 * 60e3, before: -5, after: 5 },
};
for (const [name, tc] of Object.entries(cases)) {
  test(`kubernetes validity: ${name}`, () => {
    const v = kubernetesValidity(now, tc.max ?? year, tc.requested, caNotAfter);
    assert.equal(minutes(v.notBefore), tc.before);
    assert.equal(minutes(v.notAfter), tc.after);
  });
}

test('kubernetes validity is capped by the CA expiry', () => {
  const soon = new Date('2026-11-24T00:00:00Z');
  assert.equal(kubernetesValidity(now, year, undefined, soon).notAfter.getTime(), soon.getTime());
});

test('kubernetes validity refuses an expired CA', () => {
  assert.throws(() => kubernetesValidity(now, year, undefined, new Date('2026-01-01T00:00:00Z')), (e: unknown) => e instanceof PkiError && /refusing to sign a certificate that expired in the past: NotAfter=2026-01-01/.test(e.message));
});

test('cfssl validity rounds to the minute and backdates five minutes', () => {
  const v = cfsslValidity(new Date('2026-11-23T12:14:15Z'), 8760 * 3600e3);
  assert.equal(v.notBefore.toISOString(), '2026-11-23T12:09:00.000Z');
  assert.equal(v.notAfter.toISOString(), '2027-11-23T12:09:00.000Z');
});
