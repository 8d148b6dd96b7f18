// GenericStore's verbs as a client sees them, through ApiServer.handle on a server built as
// `signet serve` builds it: what the server sets on create, optimistic concurrency, no-op updates,
// generateName, deletion, the status subresource, field validation and dry runs, each with the
// codes and message texts kube-apiserver answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, csrPath, startHandleServer, type HandleServer } from '../handle-server.js';
import { b64, csrPem } from '../../api/fixtures.js';

const configMaps = '/api/v1/namespaces/default/configmaps';
const typeMeta = { apiVersion: 'v1', kind: 'ConfigMap' };
const configMap = (name: string, data: Record<string, string> = {}): Record<string, any> => ({ ...typeMeta, metadata: { name }, data });

let server: HandleServer;
const send = (method: string, path: string, body?: object, headers?: Record<string, string>) => server.send(admin, method, path, body, headers);

/** Creates `body` (expecting 201) and returns the stored object. */
async function create(path: string, body: object): Promise<Record<string, any>> {
  const created = await send('POST', path, body);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json;
}

before(async () => {
  server = await startHandleServer();
});
after(async () => {
  await server?.close();
});

test('a create answers with the uid, creationTimestamp and resourceVersion the server chose, and a get reads back the same', async () => {
  const sent = configMap('made', { a: '1' });
  sent['metadata'] = { ...sent['metadata'], uid: 'chosen-by-the-client', creationTimestamp: '2000-01-01T00:00:00Z' };
  const created = await create(configMaps, sent);
  const meta = created['metadata'];
  assert.match(meta.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(meta.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.notEqual(meta.creationTimestamp, '2000-01-01T00:00:00Z');
  assert.match(meta.resourceVersion, /^[1-9]\d*$/);
  assert.equal(meta.namespace, 'default');
  const got = await send('GET', `${configMaps}/made`);
  assert.equal(got.status, 200);
  assert.deepEqual(
    { uid: got.json['metadata'].uid, creationTimestamp: got.json['metadata'].creationTimestamp, resourceVersion: got.json['metadata'].resourceVersion, data: got.json['data'] },
    { uid: meta.uid, creationTimestamp: meta.creationTimestamp, resourceVersion: meta.resourceVersion, data: { a: '1' } },
  );
});

test('an update with a stale resourceVersion is a 409 Conflict Status in kube\'s words, and the stored object stays as it was', async () => {
  const first = await create(configMaps, configMap('stale', { v: '1' }));
  const second = await send('PUT', `${configMaps}/stale`, { ...first, data: { v: '2' } });
  assert.equal(second.status, 200, JSON.stringify(second.json));
  assert.ok(Number(second.json['metadata'].resourceVersion) > Number(first['metadata'].resourceVersion));
  const stale = await send('PUT', `${configMaps}/stale`, { ...first, data: { v: '3' } });
  assert.equal(stale.status, 409);
  assert.deepEqual(stale.json, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
    message: 'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
    details: { name: 'stale', kind: 'configmaps' },
  });
  const stored = await send('GET', `${configMaps}/stale`);
  assert.deepEqual(stored.json['data'], { v: '2' });
  assert.equal(stored.json['metadata'].resourceVersion, second.json['metadata'].resourceVersion);
});

test('an update that changes nothing keeps the resourceVersion; the next real change moves it', async () => {
  const created = await create(configMaps, configMap('unchanged', { k: 'v' }));
  const rv = created['metadata'].resourceVersion;
  const same = await send('PUT', `${configMaps}/unchanged`, created);
  assert.equal(same.status, 200, JSON.stringify(same.json));
  assert.equal(same.json['metadata'].resourceVersion, rv);
  assert.equal((await send('GET', `${configMaps}/unchanged`)).json['metadata'].resourceVersion, rv);
  const changed = await send('PUT', `${configMaps}/unchanged`, { ...created, data: { k: 'w' } });
  assert.ok(Number(changed.json['metadata'].resourceVersion) > Number(rv));
});

test('generateName gets a name of the prefix and five characters from kube\'s alphabet, a different one each time', async () => {
  const names: string[] = [];
  for (let i = 0; i < 2; i++) {
    const created = await create(configMaps, { ...typeMeta, metadata: { generateName: 'gen-' }, data: {} });
    assert.match(created['metadata'].name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(created['metadata'].generateName, 'gen-');
    assert.equal((await send('GET', `${configMaps}/${created['metadata'].name}`)).status, 200);
    names.push(created['metadata'].name);
  }
  assert.notEqual(names[0], names[1]);
});

test('after a delete, a get and a second delete are 404 NotFound Statuses in kube\'s words', async () => {
  const created = await create(configMaps, configMap('gone'));
  const deleted = await send('DELETE', `${configMaps}/gone`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200, details: { name: 'gone', kind: 'configmaps', uid: created['metadata'].uid } });
  const notFound = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "gone" not found', details: { name: 'gone', kind: 'configmaps' } };
  const got = await send('GET', `${configMaps}/gone`);
  assert.equal(got.status, 404);
  assert.deepEqual(got.json, notFound);
  const again = await send('DELETE', `${configMaps}/gone`);
  assert.equal(again.status, 404);
  assert.deepEqual(again.json, notFound);
});

test('/status takes the status and keeps the stored spec; the main resource takes metadata and keeps the stored status', async () => {
  const created = await create(csrPath, {
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'subresources' },
    spec: { request: b64(csrPem({ CN: 'subresources' })), signerName: 'example.com/subresources', usages: ['client auth'] },
  });
  const failed = { type: 'Failed', status: 'True', reason: 'Broken', message: 'by the test' };
  const viaStatus = await send('PUT', `${csrPath}/subresources/status`, {
    ...created, spec: { ...created['spec'], usages: ['client auth', 'server auth'], expirationSeconds: 3600 }, status: { conditions: [failed] },
  });
  assert.equal(viaStatus.status, 200, JSON.stringify(viaStatus.json));
  assert.deepEqual(viaStatus.json['spec'], created['spec']);
  assert.deepEqual(viaStatus.json['status'].conditions.map((c: Record<string, string>) => [c['type'], c['reason'], c['message']]), [['Failed', 'Broken', 'by the test']]);
  assert.ok(Number(viaStatus.json['metadata'].resourceVersion) > Number(created['metadata'].resourceVersion));
  const viaMain = await send('PUT', `${csrPath}/subresources`, {
    ...viaStatus.json, metadata: { ...viaStatus.json['metadata'], labels: { team: 'a' } }, status: {},
  });
  assert.equal(viaMain.status, 200, JSON.stringify(viaMain.json));
  assert.deepEqual(viaMain.json['metadata'].labels, { team: 'a' });
  assert.deepEqual(viaMain.json['status'], viaStatus.json['status']);
  const stored = await send('GET', `${csrPath}/subresources`);
  assert.deepEqual({ spec: stored.json['spec'], status: stored.json['status'] }, { spec: created['spec'], status: viaStatus.json['status'] });
});

test('an unknown field: fieldValidation=Strict refuses it with 400 in kube\'s words, Warn stores and warns, Ignore stores silently', async () => {
  const strict = await send('POST', `${configMaps}?fieldValidation=Strict`, { ...configMap('strict'), bogus: 1 });
  assert.equal(strict.status, 400);
  assert.deepEqual(strict.json, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
    message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
  });
  assert.equal((await send('GET', `${configMaps}/strict`)).status, 404);
  // A body that names no type is taken as the URL's, as upstream's decoder defaults it.
  const { kind: _k, apiVersion: _a, ...untyped } = configMap('untyped');
  const bare = await send('POST', `${configMaps}?fieldValidation=Strict`, { ...untyped, bogus: 1 });
  assert.equal(bare.json['message'], 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
  const kindOnly = await send('POST', `${configMaps}?fieldValidation=Strict`, { ...untyped, kind: 'ConfigMap', bogus: 1 });
  assert.equal(kindOnly.json['message'], 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
  const warned = await send('POST', `${configMaps}?fieldValidation=Warn`, { ...configMap('warned'), bogus: 1 });
  assert.equal(warned.status, 201);
  assert.equal(warned.headers['warning'], '299 - "unknown field \\"bogus\\""');
  assert.equal(warned.json['bogus'], undefined);
  const ignored = await send('POST', `${configMaps}?fieldValidation=Ignore`, { ...configMap('ignored'), bogus: 1 });
  assert.equal(ignored.status, 201);
  assert.equal(ignored.headers['warning'], undefined);
});

test('a dry-run create answers the object it would store and stores nothing; a dry-run delete leaves the object', async () => {
  const dry = await send('POST', `${configMaps}?dryRun=All`, configMap('dry', { a: '1' }));
  assert.equal(dry.status, 201, JSON.stringify(dry.json));
  assert.equal(dry.json['metadata'].name, 'dry');
  assert.match(dry.json['metadata'].uid, /^[0-9a-f-]{36}$/);
  assert.equal(dry.json['metadata'].resourceVersion, undefined);
  assert.equal((await send('GET', `${configMaps}/dry`)).status, 404);
  const kept = await create(configMaps, configMap('kept'));
  assert.equal((await send('DELETE', `${configMaps}/kept?dryRun=All`)).status, 200);
  const still = await send('GET', `${configMaps}/kept`);
  assert.equal(still.status, 200);
  assert.equal(still.json['metadata'].resourceVersion, kept['metadata'].resourceVersion);
});

test('a create that carries a resourceVersion is refused as upstream\'s storage refuses it, and stores nothing', async () => {
  const refused = await send('POST', configMaps, { ...configMap('versioned'), metadata: { name: 'versioned', resourceVersion: '12' } });
  assert.equal(refused.status, 500);
  assert.deepEqual(refused.json, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500,
    message: 'resourceVersion should not be set on objects to be created',
  });
  assert.equal((await send('GET', `${configMaps}/versioned`)).status, 404);
});
