// Lists read resourceVersion as the Kubernetes API's table says: unset is the latest state, "0"
// any recent one, N "not older than N" for a whole list and exactly N for a first page or with
// resourceVersionMatch=Exact; continue tokens carry their own revision. Against a real server.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type TestServer } from './server-harness.js';
import { tempDir } from './harness.js';
import { csrBody, csrCollection, opensslKeyAndCsr } from './csr-fixtures.js';

interface List {
  metadata: { resourceVersion: string; continue?: string };
  items: { metadata: { name: string } }[];
}

describe('list resourceVersion semantics', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s));
  /** The collection's resourceVersion after `first` was created and before `second` was. */
  let between = '';

  const list = async (query: string): Promise<List> => {
    const r = await server.fetch('GET', `${csrCollection}?${query}`);
    assert.equal(r.status, 200, r.body);
    return JSON.parse(r.body) as List;
  };
  const names = (l: List): string[] => l.items.map((i) => i.metadata.name).sort();
  const status = async (query: string): Promise<{ code: number; message: string }> => {
    const r = await server.fetch('GET', `${csrCollection}?${query}`);
    const body = JSON.parse(r.body) as { code: number; message: string };
    assert.equal(r.status, body.code, r.body);
    return { code: body.code, message: body.message };
  };

  before(async () => {
    const work = tempDir('signet-list-');
    const { csrPem } = opensslKeyAndCsr(work.dir, 'lister', '/CN=lister');
    work.cleanup();
    const create = async (name: string): Promise<void> => {
      const r = await server.fetch('POST', csrCollection, { body: JSON.stringify(csrBody(name, csrPem)), headers: { 'Content-Type': 'application/json' } });
      assert.equal(r.status, 201, r.body);
    };
    await create('first');
    between = (await list('')).metadata.resourceVersion;
    await create('second');
  });

  test('resourceVersion=N without a limit is "not older than N": the latest state', async () => {
    for (const q of [`resourceVersion=${between}`, `resourceVersion=${between}&resourceVersionMatch=NotOlderThan`]) {
      const l = await list(q);
      assert.deepEqual(names(l), ['first', 'second'], q);
      assert.ok(Number(l.metadata.resourceVersion) > Number(between), q);
    }
  });

  test('resourceVersionMatch=Exact, and a first page with resourceVersion=N, read exactly N', async () => {
    const exact = await list(`resourceVersion=${between}&resourceVersionMatch=Exact`);
    assert.deepEqual({ rv: exact.metadata.resourceVersion, names: names(exact) }, { rv: between, names: ['first'] });
    const page = await list(`resourceVersion=${between}&limit=10`);
    assert.deepEqual({ rv: page.metadata.resourceVersion, names: names(page) }, { rv: between, names: ['first'] });
  });

  test('pages share the first page\'s revision, and a continue may not name another', async () => {
    const p1 = await list('limit=1');
    assert.ok(p1.metadata.continue);
    const p2 = await list(`limit=1&continue=${encodeURIComponent(p1.metadata.continue!)}`);
    assert.deepEqual([...names(p1), ...names(p2)], ['first', 'second']);
    assert.equal(p2.metadata.resourceVersion, p1.metadata.resourceVersion);
    assert.deepEqual(await status(`limit=1&continue=${encodeURIComponent(p1.metadata.continue!)}&resourceVersion=${between}`), {
      code: 400, message: 'specifying resource version is not allowed when using continue',
    });
  });

  test('the continue token of an expired list (revision -1) goes on from the latest state', async () => {
    const token = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: -1, start: 'first\u0000' })).toString('base64url');
    const l = await list(`continue=${token}`);
    assert.deepEqual(names(l), ['second']);
  });

  test('continue tokens with revision 0 or no start are refused with storage\'s words', async () => {
    const token = (t: object): string => Buffer.from(JSON.stringify(t)).toString('base64url');
    assert.deepEqual(await status(`continue=${token({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' })}`), {
      code: 400, message: 'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    });
    assert.deepEqual(await status(`continue=${token({ v: 'meta.k8s.io/v1', rv: 3, start: '' })}`), {
      code: 400, message: 'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    });
  });

  test('list options a list may not carry are 422 ListOptions, as ValidateListOptions answers', async () => {
    const cases: Record<string, string> = {
      resourceVersionMatch: 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      'resourceVersion=1&resourceVersionMatch=Newest': 'resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
      'resourceVersion=0&resourceVersionMatch=Exact': 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      'sendInitialEvents=true': 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list',
    };
    for (const [q, message] of Object.entries(cases)) {
      const query = q === 'resourceVersionMatch' ? 'resourceVersionMatch=Exact' : q;
      assert.deepEqual(await status(query), { code: 422, message: `ListOptions.meta.k8s.io "" is invalid: ${message}` }, query);
    }
  });

  test('a resourceVersion beyond the store is 504 Too large resource version', async () => {
    const current = Number((await list('')).metadata.resourceVersion);
    assert.deepEqual(await status(`resourceVersion=${current + 1000}`), { code: 504, message: `Timeout: Too large resource version: ${current + 1000}, current: ${current}` });
  });
});
