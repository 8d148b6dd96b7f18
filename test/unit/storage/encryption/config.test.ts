import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEncryptionConfig } from '../../../../src/storage/encryption/config.js';

const head = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';
const key32 = Buffer.alloc(32, 1).toString('base64');

test('a configuration names resources by group and lists providers in order, keys decoded', () => {
  const rules = parseEncryptionConfig(`${head}resources:
  - resources: [secrets, leases.coordination.k8s.io]
    providers:
      - secretbox: {keys: [{name: a, secret: ${key32}}]}
      - aesgcm: {keys: [{name: b, secret: ${Buffer.alloc(16, 2).toString('base64')}}]}
      - identity: {}
`);
  assert.deepEqual(rules[0]!.resources, [{ group: '', resource: 'secrets' }, { group: 'coordination.k8s.io', resource: 'leases' }]);
  assert.deepEqual(rules[0]!.providers.map((p) => [p.kind, p.keys.map((k) => [k.name, k.secret.length])]), [['secretbox', [['a', 32]]], ['aesgcm', [['b', 16]]], ['identity', []]]);
});

const refusals: Record<string, [string, string]> = {
  'not the kind': ['apiVersion: v1\nkind: ConfigMap\n', 'not an apiserver.config.k8s.io/v1 EncryptionConfiguration'],
  'no resources': [`${head}resources: []\n`, 'resources: Required value: resources is a required field that must be specified'],
  'no providers': [`${head}resources:\n  - resources: [secrets]\n`, 'resources[0].providers: Required value: providers is a required field that must be specified'],
  'two providers in one entry': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - {identity: {}, aescbc: {}}\n`, 'resources[0].providers[0]: Invalid value: exactly one provider must be configured per entry'],
  'kms': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - kms: {name: x}\n`, 'resources[0].providers[0]: Unsupported value: "kms": supported values: "aescbc", "aesgcm", "secretbox", "identity"'],
  'a short secretbox key': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - secretbox: {keys: [{name: a, secret: ${Buffer.alloc(16).toString('base64')}}]}\n`, 'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected 32'],
  'a secret that is not base64': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc: {keys: [{name: a, secret: "not base64!"}]}\n`, 'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded'],
  'a duplicate key name': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc: {keys: [{name: a, secret: ${key32}}, {name: a, secret: ${key32}}]}\n`, 'resources[0].providers[0].aescbc.keys[1].name: Duplicate value: "a"'],
  'a key name with a colon': [`${head}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc: {keys: [{name: "a:b", secret: ${key32}}]}\n`, 'resources[0].providers[0].aescbc.keys[0].name: Invalid value: "a:b": should not contain \':\''],
  'a wildcard resource': [`${head}resources:\n  - resources: ["*.*"]\n    providers:\n      - identity: {}\n`, 'resources[0].resources[0]: Invalid value: "*.*": a lowercase resource name, as "secrets" or "<resource>.<group>"'],
};
for (const [name, [text, message]] of Object.entries(refusals)) {
  test(`refused: ${name}`, () => assert.throws(() => parseEncryptionConfig(text), { name: 'EncryptionConfigError', message }));
}
