// Bad input gets Kubernetes' code and message, the server keeps serving, and nothing in the
// database changes. Expected texts are kube-apiserver's (k8s-csr-spec.md §2–3, kubectl-wire.md §9).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverForSuite, type SuiteServer, type TestServer } from './server-harness.js';
import {
  csrBody, csrCollection, goBytes, httpsRequest, kubeconfigCredentials, opensslCa, opensslKeyAndCsr, opensslSign, sendWholeBody,
  withBrokenSignature, type Answer, type Credentials,
} from './csr-fixtures.js';

/** What the cases need: the server, a valid request, and objects the valid steps created. */
interface Fixtures {
  readonly server: TestServer;
  readonly csrPem: string;
  /** `pending` as first created: its resourceVersion is stale once the valid steps relabelled it. */
  readonly pendingAsCreated: Record<string, unknown>;
}

/** One bad request and the Status kube-apiserver answers it with. */
interface BadCase {
  readonly send: (f: Fixtures) => Promise<Answer>;
  readonly code: number;
  readonly reason: string;
  readonly message: string | ((f: Fixtures) => string);
}

const json = { 'Content-Type': 'application/json' };
const invalid = (name: string, errors: string): string => `CertificateSigningRequest.certificates.k8s.io "${name}" is invalid: ${errors}`;
const unrecognized = (cause: string, body: string | Buffer): string =>
  `the object provided is unrecognized (must be of type CertificateSigningRequest): ${cause} (${summarize(Buffer.from(body))})`;

/** How kube-apiserver quotes a body it could not decode: the first 30 bytes, as text when it starts with `{`, else hex. */
function summarize(data: Buffer): string {
  const head = data.subarray(0, 30);
  const shown = data[0] === 0x7b ? head.toString('latin1') : head.toString('hex');
  return data.length > 30 ? `${shown} ...` : shown;
}

const supportedUsages = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
].sort();

const badYaml = 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: bad-yaml: oops\n';
const deepJson = '['.repeat(100_000);
const notProtobuf = '{"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1"}';

/** `k8s\0`, a runtime.Unknown whose typeMeta is complete but whose raw object claims 200 bytes and has 4. */
function truncatedProtobuf(): Buffer {
  const str = (field: number, s: string): Buffer => Buffer.concat([Buffer.from([(field << 3) | 2, Buffer.byteLength(s)]), Buffer.from(s)]);
  const typeMeta = Buffer.concat([str(1, 'certificates.k8s.io/v1'), str(2, 'CertificateSigningRequest')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, typeMeta.length]), typeMeta, Buffer.from([0x12, 0xc8, 0x01, 0x0a, 0x02, 0x0a, 0x00])]);
}

const post = (f: Fixtures, body: string | Buffer, headers: Record<string, string> = json, query = ''): Promise<Answer> =>
  f.server.fetch('POST', csrCollection + query, { body, headers });
const postCsr = (f: Fixtures, name: string, spec: Record<string, unknown>, query = ''): Promise<Answer> =>
  post(f, JSON.stringify(csrBody(name, f.csrPem, spec)), json, query);

async function getObject(f: Fixtures, name: string): Promise<Record<string, any>> {
  const r = await f.server.fetch('GET', `${csrCollection}/${name}`);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as Record<string, any>;
}

const cases: Record<string, BadCase> = {
  'rejects a spec.request without a PEM block with 422 Invalid': {
    send: (f) => postCsr(f, 'bad-pem', { request: Buffer.from('hello').toString('base64') }),
    code: 422, reason: 'Invalid',
    message: invalid('bad-pem', `spec.request: Invalid value: ${goBytes('hello')}: PEM block type must be CERTIFICATE REQUEST`),
  },
  'rejects a request whose signature does not verify with 422 Invalid': {
    send: (f) => postCsr(f, 'bad-signature', { request: Buffer.from(withBrokenSignature(f.csrPem)).toString('base64') }),
    code: 422, reason: 'Invalid',
    message: (f) => invalid('bad-signature', `spec.request: Invalid value: ${goBytes(withBrokenSignature(f.csrPem))}: x509: ECDSA verification failure`),
  },
  'rejects a signerName that is not domain/path with 422 Invalid': {
    send: (f) => postCsr(f, 'no-domain', { signerName: 'my-signer' }),
    code: 422, reason: 'Invalid',
    message: invalid('no-domain', `spec.signerName: Invalid value: "my-signer": must be a fully qualified domain and path of the form 'example.com/signer-name'`),
  },
  'rejects a signerName whose domain has one label with 422 Invalid': {
    send: (f) => postCsr(f, 'one-label', { signerName: 'example/signer' }),
    code: 422, reason: 'Invalid',
    message: invalid('one-label', 'spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots'),
  },
  'rejects kubernetes.io/legacy-unknown through v1 with 422 Invalid': {
    send: (f) => postCsr(f, 'legacy', { signerName: 'kubernetes.io/legacy-unknown' }),
    code: 422, reason: 'Invalid',
    message: invalid('legacy', 'spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'),
  },
  'rejects expirationSeconds 599 with 422 Invalid': {
    send: (f) => postCsr(f, 'short', { expirationSeconds: 599 }),
    code: 422, reason: 'Invalid',
    message: invalid('short', 'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)'),
  },
  'rejects an unknown usage with 422 Invalid listing the supported ones': {
    send: (f) => postCsr(f, 'odd-usage', { usages: ['client auth', 'frobnicate'] }),
    code: 422, reason: 'Invalid',
    message: invalid('odd-usage', `spec.usages[1]: Unsupported value: "frobnicate": supported values: ${supportedUsages.map((u) => `"${u}"`).join(', ')}`),
  },
  'rejects an unknown field under fieldValidation=Strict with 400 BadRequest': {
    send: (f) => postCsr(f, 'strict', { foo: 'bar' }, '?fieldValidation=Strict'),
    code: 400, reason: 'BadRequest',
    message: 'CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: strict decoding error: unknown field "spec.foo"',
  },
  'rejects truncated JSON with 400 BadRequest': {
    send: (f) => post(f, JSON.stringify(csrBody('bad-json', f.csrPem)).slice(0, -1)),
    code: 400, reason: 'BadRequest',
    message: (f) => unrecognized("couldn't get version/kind; json parse error: unexpected end of JSON input", JSON.stringify(csrBody('bad-json', f.csrPem)).slice(0, -1)),
  },
  'rejects malformed YAML with 400 BadRequest': {
    send: (f) => post(f, badYaml, { 'Content-Type': 'application/yaml' }),
    code: 400, reason: 'BadRequest',
    message: unrecognized('error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context', badYaml),
  },
  'rejects truncated protobuf that starts with the k8s magic with 400 BadRequest': {
    send: (f) => post(f, truncatedProtobuf(), { 'Content-Type': 'application/vnd.kubernetes.protobuf' }),
    code: 400, reason: 'BadRequest',
    message: unrecognized('unexpected EOF', truncatedProtobuf()),
  },
  'rejects a protobuf body without the k8s magic with 400 BadRequest': {
    send: (f) => post(f, notProtobuf, { 'Content-Type': 'application/vnd.kubernetes.protobuf' }),
    code: 400, reason: 'BadRequest',
    message: unrecognized('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]', notProtobuf),
  },
  'rejects 100,000 nested brackets with 400 BadRequest': {
    send: (f) => post(f, deepJson),
    code: 400, reason: 'BadRequest',
    message: unrecognized("couldn't get version/kind; json parse error: invalid character '[' exceeded max depth", deepJson),
  },
  'rejects an unsupported Content-Type with 415 UnsupportedMediaType': {
    send: (f) => post(f, JSON.stringify(csrBody('text-plain', f.csrPem)), { 'Content-Type': 'text/plain' }),
    code: 415, reason: 'UnsupportedMediaType',
    message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  },
  // kube-apiserver validates CreateOptions (handlers/create.go: ValidateCreateOptions → NewInvalid).
  'rejects dryRun=Foo as invalid CreateOptions with 422': {
    send: (f) => postCsr(f, 'dry-foo', {}, '?dryRun=Foo'),
    code: 422, reason: 'Invalid',
    message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Foo"}: supported values: "All"',
  },
  'rejects a label selector that does not parse with 400 BadRequest': {
    send: (f) => f.server.fetch('GET', `${csrCollection}?labelSelector=${encodeURIComponent('team in (a')}`),
    code: 400, reason: 'BadRequest',
    message: "unable to parse requirement: found '', expected: ',' or ')'",
  },
  'rejects a continue token that is not base64 with 400 BadRequest': {
    send: (f) => f.server.fetch('GET', `${csrCollection}?limit=1&continue=${encodeURIComponent('garbage!')}`),
    code: 400, reason: 'BadRequest',
    message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 7',
  },
  'rejects a PUT with a stale resourceVersion with 409 Conflict': {
    send: (f) => {
      const stale = structuredClone(f.pendingAsCreated) as { metadata: Record<string, unknown> };
      stale.metadata.labels = { step: 'stale' };
      return f.server.fetch('PUT', `${csrCollection}/pending`, { body: JSON.stringify(stale), headers: json });
    },
    code: 409, reason: 'Conflict',
    message: 'Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io "pending": the object has been modified; please apply your changes to the latest version and try again',
  },
  'rejects an /approval write that removes the Approved condition with 422 Invalid': {
    send: async (f) => {
      const obj = await getObject(f, 'approved');
      obj.status.conditions = [];
      return f.server.fetch('PUT', `${csrCollection}/approved/approval`, { body: JSON.stringify(obj), headers: json });
    },
    code: 422, reason: 'Invalid',
    message: invalid('approved', 'status.conditions: Forbidden: updates may not remove a condition of type "Approved"'),
  },
  // kube-apiserver answers a JSON patch that does not apply with NewGenericServerResponse(422).
  'rejects a JSON patch whose test fails with 422 Invalid and the generic message': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending`, { body: '[{"op":"test","path":"/metadata/name","value":"other"}]', headers: { 'Content-Type': 'application/json-patch+json' } }),
    code: 422, reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  'rejects a JSON patch removing a missing path with 422 Invalid': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending`, { body: '[{"op":"remove","path":"/metadata/labels/absent"}]', headers: { 'Content-Type': 'application/json-patch+json' } }),
    code: 422, reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  'rejects a JSON patch that is not a list with 400 BadRequest': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending`, { body: '{"op":"add","path":"/metadata/labels/a","value":"b"}', headers: { 'Content-Type': 'application/json-patch+json' } }),
    code: 400, reason: 'BadRequest',
    message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  },
  // Options are validated before anything is read or written (ValidateDeleteOptions, ValidatePatchOptions, ValidateCreateOptions).
  'refuses a delete with an unknown propagationPolicy with 422 and deletes nothing': {
    send: (f) => f.server.fetch('DELETE', `${csrCollection}/pending?propagationPolicy=Bogus`),
    code: 422, reason: 'Invalid',
    message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"',
  },
  'refuses a delete with both orphanDependents and propagationPolicy with 422 and deletes nothing': {
    send: (f) => {
      // Node's client sends a DELETE body only with a Content-Length (no chunking for DELETE).
      const body = '{"orphanDependents":true,"propagationPolicy":"Foreground"}';
      return f.server.fetch('DELETE', `${csrCollection}/pending`, { body, headers: { ...json, 'Content-Length': String(Buffer.byteLength(body)) } });
    },
    code: 422, reason: 'Invalid',
    message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
  },
  'refuses force on a merge patch with 422 PatchOptions': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending?force=true`, { body: '{"metadata":{"labels":{"forced":"yes"}}}', headers: { 'Content-Type': 'application/merge-patch+json' } }),
    code: 422, reason: 'Invalid',
    message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
  },
  'refuses a server-side apply without fieldManager with 422 PatchOptions': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending`, { body: '{"metadata":{"labels":{"applied":"yes"}}}', headers: { 'Content-Type': 'application/apply-patch+yaml' } }),
    code: 422, reason: 'Invalid',
    message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  },
  'refuses fieldValidation=bogus with 422 CreateOptions': {
    send: (f) => postCsr(f, 'bogus-validation', {}, '?fieldValidation=bogus'),
    code: 422, reason: 'Invalid',
    message: 'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "bogus": supported values: "", "Ignore", "Strict", "Warn"',
  },
  // Routes as kube-apiserver installs them: go-restful's 405 for a method a path does not take, 404 for no path.
  'refuses a POST to an object\'s path with 405 and creates nothing': {
    send: (f) => f.server.fetch('POST', `${csrCollection}/pending`, { body: JSON.stringify(csrBody('via-object-path', f.csrPem)), headers: json }),
    code: 405, reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
  },
  'answers an unknown subresource with 404 and the generic message': {
    send: (f) => f.server.fetch('GET', `${csrCollection}/pending/bogus`),
    code: 404, reason: 'NotFound',
    message: 'the server could not find the requested resource',
  },
  // Go decodes an absent or null spec as the zero spec, so validation names what is missing.
  'rejects a body without spec with 422 Invalid naming the required fields': {
    send: (f) => post(f, JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'no-spec' } })),
    code: 422, reason: 'Invalid',
    message: invalid('no-spec', '[spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST, spec.usages: Required value, spec.signerName: Required value]'),
  },
  'rejects a null condition in a /status patch with 422 Invalid': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending/status`, { body: '{"status":{"conditions":[null]}}', headers: { 'Content-Type': 'application/merge-patch+json' } }),
    code: 422, reason: 'Invalid',
    message: invalid('pending', '[status.conditions[0].type: Required value, status.conditions[0].status: Required value]'),
  },
  'rejects a null condition beside Approved in an /approval patch with 422 Invalid': {
    send: (f) => f.server.fetch('PATCH', `${csrCollection}/pending/approval`, { body: '{"status":{"conditions":[{"type":"Approved","status":"True"},null]}}', headers: { 'Content-Type': 'application/merge-patch+json' } }),
    code: 422, reason: 'Invalid',
    message: invalid('pending', '[status.conditions[1].type: Required value, status.conditions[1].status: Required value]'),
  },
  'rejects a /status write whose certificate is not PEM with 422 Invalid': {
    send: async (f) => {
      const obj = await getObject(f, 'pending');
      obj.status = { ...obj.status, certificate: Buffer.from('this is not a certificate\n').toString('base64') };
      return f.server.fetch('PUT', `${csrCollection}/pending/status`, { body: JSON.stringify(obj), headers: json });
    },
    code: 422, reason: 'Invalid',
    message: invalid('pending', 'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block'),
  },
};

/** Every answer of the file, to check afterwards that none was a 500 or showed a stack trace. */
const answers: { name: string; answer: Answer }[] = [];

function assertStatus(answer: Answer, want: { code: number; reason: string; message: string }): void {
  assert.equal(answer.status, want.code, answer.body);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  assert.deepEqual(
    { kind: body.kind, apiVersion: body.apiVersion, status: body.status, reason: body.reason, code: body.code, message: body.message },
    { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: want.reason, code: want.code, message: want.message },
  );
}

interface ListSnapshot {
  readonly resourceVersion: string;
  readonly items: readonly Record<string, any>[];
}

async function listCsrs(server: TestServer): Promise<ListSnapshot> {
  const r = await server.fetch('GET', csrCollection);
  assert.equal(r.status, 200, r.body);
  const list = JSON.parse(r.body) as { metadata: { resourceVersion: string }; items: Record<string, any>[] };
  return { resourceVersion: list.metadata.resourceVersion, items: list.items };
}

describe('bad input against one server', () => {
  let server: SuiteServer;
  let admin: Credentials;
  let csrPem: string;
  let pendingAsCreated: Record<string, unknown>;
  let beforeBadRequests: ListSnapshot;
  const fixtures = (): Fixtures => ({ server, csrPem, pendingAsCreated });

  serverForSuite((s) => (server = s));
  before(async () => {
    admin = kubeconfigCredentials(server.kubeconfig);
    csrPem = opensslKeyAndCsr(server.work, 'alice', '/CN=alice/O=e2e').csrPem;
  });

  describe('valid steps', () => {
    test('creates the CSR that stale and status writes target', async () => {
      const created = await postCsr(fixtures(), 'pending', {});
      assert.equal(created.status, 201, created.body);
      pendingAsCreated = JSON.parse(created.body) as Record<string, unknown>;
      const relabelled = structuredClone(pendingAsCreated) as { metadata: Record<string, unknown> };
      relabelled.metadata.labels = { step: 'valid' };
      const updated = await server.fetch('PUT', `${csrCollection}/pending`, { body: JSON.stringify(relabelled), headers: json });
      assert.equal(updated.status, 200, updated.body);
    });

    test('creates and approves the CSR that the approval removal targets', async () => {
      const created = await postCsr(fixtures(), 'approved', {});
      assert.equal(created.status, 201, created.body);
      const obj = JSON.parse(created.body) as Record<string, any>;
      obj.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'E2E', message: 'approved by the e2e test' }] };
      const approved = await server.fetch('PUT', `${csrCollection}/approved/approval`, { body: JSON.stringify(obj), headers: json });
      assert.equal(approved.status, 200, approved.body);
      assert.deepEqual((JSON.parse(approved.body) as Record<string, any>).status.conditions.map((c: { type: string }) => c.type), ['Approved']);
    });

    test('accepts an unknown field under fieldValidation=Warn with 201 and a Warning header', async () => {
      const r = await postCsr(fixtures(), 'warned', { foo: 'bar' }, '?fieldValidation=Warn');
      answers.push({ name: 'warn', answer: r });
      assert.equal(r.status, 201, r.body);
      assert.equal(r.headers.warning, '299 - "unknown field \\"spec.foo\\""');
      assert.equal((JSON.parse(r.body) as Record<string, any>).spec.foo, undefined);
    });
  });

  describe('bad requests', () => {
    before(async () => {
      beforeBadRequests = await listCsrs(server);
    });

    for (const [name, tc] of Object.entries(cases)) {
      test(name, async () => {
        const f = fixtures();
        const answer = await tc.send(f);
        answers.push({ name, answer });
        assertStatus(answer, { code: tc.code, reason: tc.reason, message: typeof tc.message === 'string' ? tc.message : tc.message(f) });
      });
    }

    test('refuses a merge patch whose result does not decode (a number as a label) with 422 naming the patched object', async () => {
      const answer = await server.fetch('PATCH', `${csrCollection}/pending`, { body: '{"metadata":{"labels":{"a":1}}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
      answers.push({ name: 'undecodable patch result', answer });
      assert.equal(answer.status, 422, answer.body);
      const status = JSON.parse(answer.body) as { reason: string; message: string; details: { causes: { field: string }[] } };
      assert.equal(status.reason, 'Invalid');
      assert.match(status.message, /^ "" is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string$/s);
      assert.deepEqual(status.details.causes.map((c) => c.field), ['patch']);
    });
  });

  describe('bodies over 3 MiB', () => {
    const framings = { 'with a Content-Length': 'content-length', 'chunked without a Content-Length': 'chunked' } as const;
    const attempts = 5;
    for (const [name, framing] of Object.entries(framings)) {
      // The client writes the whole 4 MiB without waiting, as client-go does; the 413 must reach
      // it every time rather than be lost to a connection reset.
      test(`answers a 4 MiB body sent ${name} with 413 RequestEntityTooLarge on each of ${attempts} tries`, async () => {
        const body = Buffer.alloc(4 * 1024 * 1024, 0x20);
        const outcomes: string[] = [];
        for (let i = 0; i < attempts; i++) {
          try {
            const answer = await sendWholeBody({ ...admin, port: server.port, method: 'POST', path: csrCollection, headers: json, body, framing });
            answers.push({ name: `413 ${framing} #${i}`, answer });
            const status = JSON.parse(answer.body) as Record<string, unknown>;
            outcomes.push(`${answer.status} ${String(status.kind)} ${String(status.reason)} ${String(status.code)}: ${String(status.message)}`);
          } catch (err) {
            outcomes.push(`no answer: ${(err as Error).message}`);
          }
        }
        assert.deepEqual(outcomes, Array(attempts).fill('413 Status RequestEntityTooLarge 413: Request entity too large: limit is 3145728'));
      });
    }
  });

  describe('credentials', () => {
    let bob: { cert: Buffer; key: Buffer };
    let mallory: { cert: Buffer; key: Buffer };

    before(() => {
      const bobCsr = opensslKeyAndCsr(server.work, 'bob', '/CN=bob/O=developers');
      const cluster = { certPath: `${server.dataDir}/ca.crt`, keyPath: `${server.dataDir}/ca.key` };
      bob = { cert: Buffer.from(opensslSign(server.work, 'bob', bobCsr.csrPath, cluster, ['extendedKeyUsage=clientAuth'])), key: readFileSync(bobCsr.keyPath) };
      const otherCa = opensslCa(server.work, 'other-ca', '/CN=another CA');
      const malloryCsr = opensslKeyAndCsr(server.work, 'mallory', '/CN=mallory/O=system:masters');
      mallory = { cert: Buffer.from(opensslSign(server.work, 'mallory', malloryCsr.csrPath, otherCa, ['extendedKeyUsage=clientAuth'])), key: readFileSync(malloryCsr.keyPath) };
    });

    test('answers a resource request without credentials as system:anonymous, whom RBAC refuses', async () => {
      const answer = await server.fetch('GET', csrCollection, { anonymous: true });
      answers.push({ name: 'anonymous', answer });
      assertStatus(answer, {
        code: 403, reason: 'Forbidden',
        message: 'certificatesigningrequests.certificates.k8s.io is forbidden: User "system:anonymous" cannot list resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope',
      });
    });

    test('serves /version without a client certificate', async () => {
      const answer = await server.fetch('GET', '/version', { anonymous: true });
      answers.push({ name: '/version', answer });
      assert.equal(answer.status, 200, answer.body);
      assert.match((JSON.parse(answer.body) as { gitVersion: string }).gitVersion, /^v1\.\d+\.\d+/);
    });

    test('serves /healthz without a client certificate', async () => {
      const answer = await server.fetch('GET', '/healthz', { anonymous: true });
      answers.push({ name: '/healthz', answer });
      assert.deepEqual({ status: answer.status, body: answer.body }, { status: 200, body: 'ok' });
    });

    test('answers a client certificate from another CA with 401 Unauthorized, even one claiming system:masters', async () => {
      const answer = await httpsRequest({
        port: server.port, ca: admin.ca, ...mallory, method: 'POST', path: csrCollection, headers: json, body: JSON.stringify(csrBody('mallory', csrPem)),
      });
      answers.push({ name: 'other CA', answer });
      assertStatus(answer, { code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    });

    test('answers a user outside system:masters with 403 Forbidden in kube-apiserver words', async () => {
      const answer = await httpsRequest({ port: server.port, ca: admin.ca, ...bob, method: 'GET', path: csrCollection });
      answers.push({ name: 'bob', answer });
      assertStatus(answer, {
        code: 403, reason: 'Forbidden',
        message: 'certificatesigningrequests.certificates.k8s.io is forbidden: User "bob" cannot list resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope',
      });
      assert.deepEqual((JSON.parse(answer.body) as Record<string, unknown>).details, { group: 'certificates.k8s.io', kind: 'certificatesigningrequests' });
    });
  });

  describe('afterwards', () => {
    test('the server process is still running and /readyz answers ok', async () => {
      assert.equal(server.process.exitCode, null);
      const answer = await server.fetch('GET', '/readyz');
      assert.deepEqual({ status: answer.status, body: answer.body }, { status: 200, body: 'ok' });
    });

    test('the list holds exactly the objects the valid steps created', async () => {
      const now = await listCsrs(server);
      assert.deepEqual(now.items.map((o) => o.metadata.name).sort(), ['approved', 'pending', 'warned']);
    });

    test('no bad request changed the list: same items, same resourceVersion', async () => {
      assert.ok(beforeBadRequests, 'the snapshot before the bad requests was taken');
      assert.deepEqual(await listCsrs(server), beforeBadRequests);
    });

    test('no answer was a 500 or carried a stack trace', () => {
      assert.ok(answers.length > Object.keys(cases).length, 'the answers were recorded');
      const bad = answers
        .filter(({ answer }) => answer.status >= 500 || /^\s+at .+:\d+:\d+\)?$/m.test(answer.body) || /node:internal|\/dist\/src\//.test(answer.body))
        .map(({ name, answer }) => `${name}: ${answer.status} ${answer.body.slice(0, 200)}`);
      assert.deepEqual(bad, []);
    });
  });
});
