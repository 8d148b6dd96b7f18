import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/api/field-error.js';
import { validateSignerName } from '../../../../src/api/certificates/signer-name-validation.js';

const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character " +
  "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('signer name validation', () => {
  const cases: Record<string, { name: string; want: string[] }> = {
    'accepts a well-known signer': { name: 'kubernetes.io/kube-apiserver-client', want: [] },
    'accepts a dotted path': { name: 'example.com/ns.signer-1', want: [] },
    'requires a value': { name: '', want: ['s: Required value'] },
    'needs exactly one slash': {
      name: 'example.com/a/b',
      want: [`s: Invalid value: "example.com/a/b": must be a fully qualified domain and path of the form 'example.com/signer-name'`],
    },
    'needs two domain segments': {
      name: 'localhost/signer', want: ['s: Invalid value: "localhost": should be a domain with at least two segments separated by dots'],
    },
    'reports the first bad domain label only': {
      name: 'Ex.Am.com/signer', want: [`s: Invalid value: "Ex.Am.com": validating label "Ex": ${labelMsg}`],
    },
    'reports a too-long domain label with both problems': {
      name: `${'a'.repeat(64)}.com/s`,
      want: [`s: Invalid value: "${'a'.repeat(64)}.com": validating label "${'a'.repeat(64)}": must be no more than 63 characters`],
    },
    'refuses an empty path': { name: 'example.com/', want: [`s: Invalid value: "": validating label "": ${subdomainMsg}`] },
    'refuses an uppercase path': { name: 'example.com/Signer', want: [`s: Invalid value: "Signer": validating label "Signer": ${subdomainMsg}`] },
    'limits the domain to 253 bytes': {
      name: `${Array(5).fill('a'.repeat(60)).join('.')}.com/s`,
      want: ['s: Too long: may not be more than 253 bytes'],
    },
    'limits the whole name to 571 bytes': {
      name: `example.com/${Array(10).fill('b'.repeat(60)).join('.')}`,
      want: ['s: Too long: may not be more than 571 bytes'],
    },
  };
  for (const [name, tc] of Object.entries(cases)) test(name, () => assert.deepEqual(validateSignerName('s', tc.name).map(errorString), tc.want));
});
