// A second real client, @kubernetes/client-node 1.x, drives the whole life of a CSR: create,
// list, watch, approve through /approval, write the certificate through /status, read, delete.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { X509Certificate, createPublicKey } from 'node:crypto';
import {
  ApiException, CertificatesV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions,
  type V1CertificateSigningRequest,
} from '@kubernetes/client-node';
import { serverForSuite, type SuiteServer } from './server-harness.js';
import { csrBody, csrCollection, openssl, opensslKeyAndCsr, opensslSign } from './csr-fixtures.js';

/** One watch event as client-node hands it over. */
interface SeenEvent {
  readonly type: string;
  readonly object: V1CertificateSigningRequest;
}

/** Collects watch events and lets a test wait, up to a bound, for one that matches. */
class EventLog {
  readonly events: SeenEvent[] = [];
  #waiters: { match: (e: SeenEvent) => boolean; resolve: (e: SeenEvent) => void }[] = [];
  /** Why the watch ended, once it has. */
  closed: unknown = undefined;

  push(e: SeenEvent): void {
    this.events.push(e);
    const ready = this.#waiters.filter((w) => w.match(e));
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(e);
  }

  /** The first event matching `match`, already seen or still to come; rejects after `boundMs`. */
  waitFor(what: string, match: (e: SeenEvent) => boolean, boundMs = 15_000): Promise<SeenEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no ${what} within ${boundMs} ms; saw ${JSON.stringify(this.events.map((e) => `${e.type} ${e.object.metadata?.name}`))}, closed: ${String(this.closed)}`));
      }, boundMs);
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }
}

const conditionTypes = (csr: V1CertificateSigningRequest): string[] => (csr.status?.conditions ?? []).map((c) => c.type);

describe('@kubernetes/client-node against signet serve', () => {
  let server: SuiteServer;
  let api: CertificatesV1Api;
  let kc: KubeConfig;
  const log = new EventLog();
  let watching: AbortController | undefined;
  const main = { name: 'client-node', csrPath: '', csrPem: '' };

  /** Creates a CSR for a fresh openssl key; returns the request file for signing. */
  async function createCsr(name: string): Promise<{ created: V1CertificateSigningRequest; httpStatusCode: number; csrPath: string; csrPem: string }> {
    const { csrPath, csrPem } = opensslKeyAndCsr(server.work, name, `/CN=${name}/O=e2e`);
    const answer = await api.createCertificateSigningRequestWithHttpInfo({ body: csrBody(name, csrPem) as unknown as V1CertificateSigningRequest });
    return { created: answer.data, httpStatusCode: answer.httpStatusCode, csrPath, csrPem };
  }

  async function approve(name: string): Promise<V1CertificateSigningRequest> {
    const current = await api.readCertificateSigningRequestApproval({ name });
    current.status = {
      ...current.status,
      conditions: [...(current.status?.conditions ?? []), {
        type: 'Approved', status: 'True', reason: 'ClientNodeApprove', message: 'approved by the client-node e2e test', lastUpdateTime: new Date(),
      }],
    };
    return api.replaceCertificateSigningRequestApproval({ name, body: current });
  }

  /** A certificate for the request at `csrPath`, signed with the server's own CA by openssl. */
  function issue(stem: string, csrPath: string): string {
    return opensslSign(server.work, stem, csrPath, { certPath: `${server.dataDir}/ca.crt`, keyPath: `${server.dataDir}/ca.key` }, ['extendedKeyUsage=clientAuth']);
  }

  // Registered before the server's own, so the watch ends while the server is still up.
  after(() => watching?.abort());
  serverForSuite((s) => (server = s));
  before(async () => {
    kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    api = kc.makeApiClient(CertificatesV1Api);
    const empty = await api.listCertificateSigningRequest();
    assert.deepEqual(empty.items, []);
    watching = await new Watch(kc).watch(
      csrCollection,
      { resourceVersion: empty.metadata?.resourceVersion },
      (type, object: V1CertificateSigningRequest) => log.push({ type, object }),
      (err) => (log.closed = err ?? 'closed without error'),
    );
  });

  test('createCertificateSigningRequest answers 201 with spec.username admin, the caller groups and an empty status', async () => {
    const { created, httpStatusCode, csrPath, csrPem } = await createCsr(main.name);
    Object.assign(main, { csrPath, csrPem });
    assert.equal(httpStatusCode, 201);
    assert.equal(created.metadata?.name, main.name);
    assert.equal(created.spec.username, 'admin');
    assert.equal(created.spec.groups?.at(-1), 'system:authenticated');
    assert.ok(created.spec.groups?.includes('system:masters'), JSON.stringify(created.spec.groups));
    assert.deepEqual({ ...created.status }, {});
    // CSRs carry no metadata.generation: the registry strategy never sets it (k8s-csr-spec.md §1.1).
    assert.equal(created.metadata?.generation, undefined);
    assert.equal(Buffer.from(created.spec.request, 'base64').toString(), csrPem);
  });

  test('listCertificateSigningRequest returns it with a list resourceVersion', async () => {
    const list = await api.listCertificateSigningRequest();
    assert.deepEqual(list.items.map((i) => i.metadata?.name), [main.name]);
    assert.match(list.metadata?.resourceVersion ?? '', /^[1-9][0-9]*$/);
  });

  test('a Watch from the empty list resourceVersion sees ADDED for the create', async () => {
    const added = await log.waitFor('ADDED', (e) => e.type === 'ADDED' && e.object.metadata?.name === main.name);
    assert.equal(added.object.spec.username, 'admin');
  });

  test('replaceCertificateSigningRequestApproval adds Approved and the server fills lastTransitionTime', async () => {
    const approved = await approve(main.name);
    assert.deepEqual(conditionTypes(approved), ['Approved']);
    const condition = approved.status!.conditions![0]!;
    assert.equal(condition.reason, 'ClientNodeApprove');
    assert.ok(condition.lastTransitionTime instanceof Date && !Number.isNaN(condition.lastTransitionTime.getTime()), String(condition.lastTransitionTime));
  });

  test('the Watch sees MODIFIED carrying the Approved condition', async () => {
    const modified = await log.waitFor('MODIFIED with Approved', (e) => e.type === 'MODIFIED' && e.object.metadata?.name === main.name && conditionTypes(e.object).includes('Approved'));
    assert.equal(modified.object.status?.conditions?.[0]?.reason, 'ClientNodeApprove');
  });

  const statusWrites: Record<string, (name: string, certificate: string) => Promise<V1CertificateSigningRequest>> = {
    'replaceCertificateSigningRequestStatus sets status.certificate': async (name, certificate) => {
      const current = await api.readCertificateSigningRequestStatus({ name });
      current.status = { ...current.status, certificate };
      return api.replaceCertificateSigningRequestStatus({ name, body: current });
    },
    'patchCertificateSigningRequestStatus with a JSON patch sets status.certificate': (name, certificate) =>
      api.patchCertificateSigningRequestStatus({ name, body: [{ op: 'add', path: '/status/certificate', value: certificate }] }),
    'patchCertificateSigningRequestStatus with a merge patch sets status.certificate': (name, certificate) =>
      api.patchCertificateSigningRequestStatus({ name, body: { status: { certificate } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
  };

  let index = 0;
  for (const [name, write] of Object.entries(statusWrites)) {
    const csrName = `status-write-${++index}`;
    test(`${name}, which reads back as the issued certificate for the request's key`, async () => {
      const { csrPath, csrPem } = await createCsr(csrName);
      await approve(csrName);
      const certPem = issue(csrName, csrPath);
      const written = await write(csrName, Buffer.from(certPem).toString('base64'));
      assert.equal(Buffer.from(written.status?.certificate ?? '', 'base64').toString(), certPem);
      assert.deepEqual(conditionTypes(written), ['Approved']);

      const read = await api.readCertificateSigningRequest({ name: csrName });
      const stored = Buffer.from(read.status?.certificate ?? '', 'base64').toString();
      assert.equal(stored, certPem);
      const cert = new X509Certificate(stored);
      const requestKey = createPublicKey(openssl(['req', '-in', csrPath, '-noout', '-pubkey'], server.work));
      assert.ok(cert.publicKey.equals(requestKey), 'the certificate is for the request key');
      assert.ok(cert.checkIssued(new X509Certificate(readFileSync(`${server.dataDir}/ca.crt`))), 'the certificate is issued by the cluster CA');
      assert.equal(Buffer.from(read.spec.request, 'base64').toString(), csrPem);
    });
  }

  test('deleteCertificateSigningRequest removes it: a read answers 404 and the Watch sees DELETED', async () => {
    await api.deleteCertificateSigningRequest({ name: main.name });
    await assert.rejects(api.readCertificateSigningRequest({ name: main.name }), (err: unknown) => {
      assert.ok(err instanceof ApiException, String(err));
      assert.equal(err.code, 404);
      return true;
    });
    const deleted = await log.waitFor('DELETED', (e) => e.type === 'DELETED' && e.object.metadata?.name === main.name);
    assert.deepEqual(conditionTypes(deleted.object), ['Approved']);
    const list = await api.listCertificateSigningRequest();
    assert.deepEqual(list.items.map((i) => i.metadata?.name).sort(), Object.keys(statusWrites).map((_, i) => `status-write-${i + 1}`));
  });
});
