import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { serverForSuite, type TestServer } from './server-harness.js';
import { createCsr } from '../../src/pki/csr.js';
import { generateKeyPair } from '../../src/pki/keys.js';
import { buildName } from '../../src/pki/name.js';
import { encodePem } from '../../src/pki/pem.js';

const path = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const request = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: 'u' }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');

describe('the cleaner garbage-collects requests at Kubernetes ages', () => {
  let server: TestServer;
  serverForSuite((s) => (server = s), { extraArgs: ['--csr-cleaner-interval', '1s'] });

  async function create(name: string): Promise<Record<string, any>> {
    const r = await server.fetch('POST', path, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name }, spec: { request, signerName: 'example.com/never-signs', usages: ['client auth'] } }),
    });
    assert.equal(r.status, 201, r.body);
    return JSON.parse(r.body);
  }

  async function deny(obj: Record<string, any>, lastUpdateTime: string): Promise<void> {
    obj['status'] = { conditions: [{ type: 'Denied', status: 'True', reason: 'Test', message: 'denied', lastUpdateTime }] };
    const r = await server.fetch('PUT', `${path}/${obj['metadata'].name}/approval`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) });
    assert.equal(r.status, 200, r.body);
  }

  test('deletes a request denied over an hour ago and keeps one denied just now', async () => {
    await deny(await create('old-denial'), new Date(Date.now() - 2 * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    await deny(await create('fresh-denial'), new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    await create('pending');
    let names: string[] = [];
    for (let i = 0; i < 100; i++) {
      const list = JSON.parse((await server.fetch('GET', path)).body) as { items: { metadata: { name: string } }[] };
      names = list.items.map((o) => o.metadata.name).sort();
      if (!names.includes('old-denial')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(names, ['fresh-denial', 'pending']);
  });
});
