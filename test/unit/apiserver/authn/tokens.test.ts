import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapTokenAuthenticator } from '../../../../src/apiserver/authn/bootstrap-token.js';
import { loadTokenFile, parseCsv, TokenFileError } from '../../../../src/apiserver/authn/token-file.js';
import { bearerToken } from '../../../../src/apiserver/authn/token.js';
import type { ApiObject } from '../../../../src/apiserver/registry/resource.js';

const now = new Date('2026-11-23T12:00:00Z');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function bootstrapSecret(data: Record<string, string>, type = 'bootstrap.kubernetes.io/token'): ApiObject {
  return { metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system', uid: 'u' }, type, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) };
}
const good = { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true' };

const bootstrapCases: Record<string, { secret?: ApiObject; token?: string; want: string | RegExp | null }> = {
  'authenticates a valid bootstrap token as system:bootstrap:<id>': { secret: bootstrapSecret(good), want: 'system:bootstrap:abcdef' },
  'adds extra groups, sorted and deduplicated': { secret: bootstrapSecret({ ...good, 'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token,system:bootstrappers:kubeadm:default-node-token' }), want: 'system:bootstrap:abcdef' },
  'declines an unknown token id': { want: null },
  'declines a wrong secret': { secret: bootstrapSecret({ ...good, 'token-secret': 'ffffffffffffffff' }), want: null },
  'declines an expired token': { secret: bootstrapSecret({ ...good, expiration: '2026-11-23T11:59:59Z' }), want: null },
  'accepts a token that has not expired yet': { secret: bootstrapSecret({ ...good, expiration: '2026-11-24T00:00:00Z' }), want: 'system:bootstrap:abcdef' },
  'declines a token not meant for authentication': { secret: bootstrapSecret({ ...good, 'usage-bootstrap-authentication': 'false' }), want: null },
  'declines a Secret of another type': { secret: bootstrapSecret(good, 'Opaque'), want: null },
  'refuses an invalid extra group': { secret: bootstrapSecret({ ...good, 'auth-extra-groups': 'system:masters' }), want: /bootstrap group "system:masters" is invalid/ },
  'has no opinion on tokens of another shape': { secret: bootstrapSecret(good), token: 'abcdef-0123456789abcdef', want: null },
};
for (const [name, tc] of Object.entries(bootstrapCases)) {
  test(name, async () => {
    const a = bootstrapTokenAuthenticator(async (resource, ns, n) => (resource === 'secrets' && ns === 'kube-system' && n === 'bootstrap-token-abcdef' ? tc.secret : undefined));
    const r = await a.authenticateToken(tc.token ?? 'abcdef.0123456789abcdef', [], now);
    if (tc.want === null) assert.equal(r.kind, 'none');
    else if (tc.want instanceof RegExp) assert.ok(r.kind === 'error' && tc.want.test(r.message), JSON.stringify(r));
    else {
      assert.ok(r.kind === 'user');
      assert.equal(r.user.username, tc.want);
      assert.equal(r.user.groups![0], 'system:bootstrappers');
    }
  });
}

test('sorts extra groups after the default group as sets.String does', async () => {
  const a = bootstrapTokenAuthenticator(async () => bootstrapSecret({ ...good, 'auth-extra-groups': 'system:bootstrappers:z,system:bootstrappers:a' }));
  const r = await a.authenticateToken('abcdef.0123456789abcdef', [], now);
  assert.ok(r.kind === 'user');
  assert.deepEqual(r.user.groups, ['system:bootstrappers', 'system:bootstrappers:a', 'system:bootstrappers:z']);
});

const csvCases: Record<string, { text: string; want: string[][] }> = {
  'splits plain fields': { text: 'a,b,c\n', want: [['a', 'b', 'c']] },
  'keeps commas inside quotes': { text: 'tok,alice,1,"g1,g2"\n', want: [['tok', 'alice', '1', 'g1,g2']] },
  'trims leading space and skips empty lines': { text: 'a, b,c\r\n\n d,e,f', want: [['a', 'b', 'c'], ['d', 'e', 'f']] },
  'unescapes doubled quotes': { text: '"a""b",c,d\n', want: [['a"b', 'c', 'd']] },
};
for (const [name, tc] of Object.entries(csvCases)) test(`CSV: ${name}`, () => assert.deepEqual(parseCsv(tc.text, 'f'), tc.want));

test('a token file maps tokens to users, uids and groups', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-tokfile-'));
  try {
    const path = join(dir, 'tokens.csv');
    writeFileSync(path, 'secret-1,alice,1001,"devs,ops"\nsecret-2,bob,\n');
    const a = loadTokenFile(path);
    const alice = await a.authenticateToken('secret-1', [], now);
    assert.ok(alice.kind === 'user');
    assert.deepEqual(alice.user, { username: 'alice', uid: '1001', groups: ['devs', 'ops'] });
    const bob = await a.authenticateToken('secret-2', [], now);
    assert.ok(bob.kind === 'user');
    assert.deepEqual(bob.user, { username: 'bob', groups: [] });
    assert.equal((await a.authenticateToken('secret-3', [], now)).kind, 'none');
    writeFileSync(path, 'only,two\n');
    assert.throws(() => loadTokenFile(path), (e: unknown) => e instanceof TokenFileError && /must have at least 3 columns \(token, user name, user uid\), found 2/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const bearerCases: Record<string, { header: string | undefined; want: string | undefined }> = {
  'reads a bearer token': { header: 'Bearer abc', want: 'abc' },
  'is case-insensitive in the scheme': { header: 'bearer abc', want: 'abc' },
  'ignores other schemes': { header: 'Basic abc', want: undefined },
  'ignores an empty token': { header: 'Bearer ', want: undefined },
  'ignores a missing header': { header: undefined, want: undefined },
};
for (const [name, tc] of Object.entries(bearerCases)) test(`bearer: ${name}`, () => assert.equal(bearerToken(tc.header), tc.want));
