// Helpers for the signing-controller e2e tests: requests made by the real openssl, reading a CSR
// back through the API, bounded polling for the controller's /status write, and the checks every
// issued certificate (k8s-csr-spec §5.2, §5.3) or Failed condition (§5.1) must pass, read with
// `openssl x509 -text` and `openssl verify`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './harness.js';
import type { TestServer } from './server-harness.js';
import { csrManifest, rowsNamed } from './kubectl-helpers.js';
import { csrCollection } from './csr-fixtures.js';
import { openssl, opensslX509Text, type OpensslText } from './openssl-text.js';

/** The parts of a CertificateSigningRequest these tests read back. */
export interface CsrJson {
  metadata: { name: string };
  spec: { signerName: string; usages: string[]; expirationSeconds?: number };
  status?: {
    certificate?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }[];
  };
}

/** The key a request is made with. */
export type RequestKey = 'ec-p256' | 'rsa-2048';

/** What `openssl req` is asked for: `-subj`, the key, and `-addext` lines (SANs, extensions). */
export interface RequestSpec {
  readonly subject: string;
  readonly key?: RequestKey;
  readonly addext?: readonly string[];
}

/** A request made by openssl: the file paths and the PEM as base64 on one line (`base64 -w0`). */
export interface MadeRequest {
  readonly keyPath: string;
  readonly csrPath: string;
  readonly requestB64: string;
}

/** Makes a key and a PKCS#10 request with `openssl req` in `dir`. */
export function makeRequest(dir: string, stem: string, spec: RequestSpec): MadeRequest {
  const keyPath = join(dir, `${stem}.key`);
  const csrPath = join(dir, `${stem}.csr`);
  const keyArgs = (spec.key ?? 'ec-p256') === 'ec-p256' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  const addext = (spec.addext ?? []).flatMap((e) => ['-addext', e]);
  openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', keyPath, '-subj', spec.subject, ...addext, '-out', csrPath], { cwd: dir });
  return { keyPath, csrPath, requestB64: readFileSync(csrPath).toString('base64') };
}

/** Fails with everything the command said when it did not exit 0. */
export function assertRan(r: { status: number | null; stdout: string; stderr: string }, what: string): void {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

/** GET of one CSR through the API (v1), parsed. */
export async function readCsr(server: TestServer, name: string): Promise<CsrJson> {
  const r = await server.fetch('GET', `${csrCollection}/${encodeURIComponent(name)}`);
  assert.equal(r.status, 200, `GET ${name}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as CsrJson;
}

/** Whether the controller has acted: a certificate, or a Failed condition. */
export function isSettled(csr: CsrJson): boolean {
  return (csr.status?.certificate ?? '') !== '' || (csr.status?.conditions ?? []).some((c) => c.type === 'Failed');
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls (every 50 ms, at most `maxMs`) until the controller has issued or failed the request,
 * and returns the last version read. The bound only keeps a broken controller from hanging
 * the run; the assertions are on what was read, never on how long it took.
 */
export async function awaitOutcome(server: TestServer, name: string, maxMs = 10_000): Promise<CsrJson> {
  const deadline = Date.now() + maxMs;
  let csr = await readCsr(server, name);
  while (!isSettled(csr) && Date.now() < deadline) {
    await pause(50);
    csr = await readCsr(server, name);
  }
  return csr;
}

/** The CONDITION cell of `kubectl get csr NAME`. */
export function conditionCell(server: TestServer, name: string): string {
  const r = server.kubectl(['get', 'csr', name]);
  assertRan(r, `kubectl get csr ${name}`);
  return rowsNamed(r.stdout, name)[0]?.at(-1) ?? '';
}

/** The Failed conditions, as [status, reason, message]. */
export function failedConditions(csr: CsrJson): [string, string | undefined, string | undefined][] {
  return (csr.status?.conditions ?? []).filter((c) => c.type === 'Failed').map((c) => [c.status, c.reason, c.message]);
}

/** The PEM text of `status.certificate` (which the API carries as base64 of bytes). */
export function certificatePem(csr: CsrJson): string {
  return Buffer.from(csr.status?.certificate ?? '', 'base64').toString('latin1');
}

/** Writes the issued PEM to `dir/<stem>.crt` and reads it back with `openssl x509 -text`. */
export function inspectIssued(dir: string, stem: string, pem: string): { path: string; text: OpensslText } {
  const path = join(dir, `${stem}.crt`);
  writeFileSync(path, pem);
  return { path, text: opensslX509Text(path) };
}

/** The colon-separated hex of a key identifier extension as openssl prints it (3.x drops `keyid:`). */
export function keyIdOf(value: string | undefined): string | undefined {
  return value?.split('\n')[0]?.replace(/^keyid:/, '').trim().toUpperCase();
}

/** `openssl verify -CAfile ca cert`: the exit status and what it said. */
export function opensslVerify(caPath: string, certPath: string): { status: number | null; out: string } {
  const r = run('openssl', ['verify', '-CAfile', caPath, certPath], { timeoutMs: 30_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The SubjectPublicKeyInfo PEM openssl extracts from a certificate or a request. */
export function publicKeyPem(kind: 'x509' | 'req', path: string): string {
  return openssl([kind, '-in', path, '-noout', '-pubkey']);
}

/** Durations in milliseconds. */
export const minute = 60_000;
/** One hour in milliseconds. */
export const hour = 60 * minute;
/** One day in milliseconds. */
export const day = 24 * hour;
/** Every in-tree certificate starts 5 minutes before it was signed (policies.go Backdate). */
export const backdateMs = 5 * minute;

/** The built-in signer names with a policy of their own. */
export const clientSigner = 'kubernetes.io/kube-apiserver-client';
export const kubeletClientSigner = 'kubernetes.io/kube-apiserver-client-kubelet';
export const kubeletServingSigner = 'kubernetes.io/kubelet-serving';

/** How openssl names the client auth and server auth extended key usages. */
export const clientAuthEku = 'TLS Web Client Authentication';
export const serverAuthEku = 'TLS Web Server Authentication';

/** The certificate a case must get, as openssl prints it. */
export interface IssuedExpectation {
  /** `openssl x509 -subject -nameopt oneline`. */
  readonly subject: string;
  /** The Key Usage line (always critical), or undefined when there must be no Key Usage. */
  readonly keyUsage?: string;
  /** The Extended Key Usage line (never critical), or undefined when there must be none. */
  readonly extKeyUsage?: string;
  /** The Subject Alternative Name line, in the order written, or undefined when there must be none. */
  readonly sans?: string;
  /** notAfter − notBefore. */
  readonly spanMs: number;
}

/** One request: how openssl makes it, what the CSR object asks for, and the signer's verdict. */
export interface SignerCase {
  readonly request: RequestSpec;
  readonly signerName: string;
  readonly usages: readonly string[];
  readonly expirationSeconds?: number;
  readonly expect: { readonly issued: IssuedExpectation } | { readonly failed: string };
}

/** What the issued certificates of one server are checked against: its CA. */
export interface CaFacts {
  readonly path: string;
  readonly subject: string;
  readonly subjectKeyId: string;
  readonly notAfter: Date;
  readonly signatureAlgorithm: string;
}

export function caFacts(path: string, signatureAlgorithm: string): CaFacts {
  const text = opensslX509Text(path);
  const ski = keyIdOf(text.extensions.get('X509v3 Subject Key Identifier')?.value);
  assert.ok(ski, `the CA ${path} has a Subject Key Identifier`);
  return { path, subject: text.subject, subjectKeyId: ski, notAfter: text.notAfter!, signatureAlgorithm };
}

/** A CA's dataDir/ca.crt, or the one given on the command line. */
export function serverCa(server: TestServer, signatureAlgorithm: string, path = join(server.dataDir, 'ca.crt')): CaFacts {
  return caFacts(path, signatureAlgorithm);
}

/** What one submitted request came to. */
export interface Outcome {
  readonly csr: CsrJson;
  /** Wall-clock bounds around the signing: just before the approval, just after the result was read. */
  readonly approvedAt: number;
  readonly settledAt: number;
  readonly csrPath: string;
}

/** kubectl apply of the v1 manifest, kubectl certificate approve, then a bounded wait for the controller. */
export async function submitApproveAwait(server: TestServer, dir: string, name: string, tc: Omit<SignerCase, 'expect'>): Promise<Outcome> {
  const req = makeRequest(dir, name, tc.request);
  const manifest = csrManifest(name, req.requestB64, { signerName: tc.signerName, usages: tc.usages, expirationSeconds: tc.expirationSeconds });
  assertRan(server.kubectl(['apply', '-f', '-'], { input: manifest }), `kubectl apply ${name}`);
  return approveAwait(server, name, req.csrPath);
}

export async function approveAwait(server: TestServer, name: string, csrPath: string): Promise<Outcome> {
  const approvedAt = Date.now();
  assertRan(server.kubectl(['certificate', 'approve', name]), `kubectl certificate approve ${name}`);
  const csr = await awaitOutcome(server, name);
  return { csr, approvedAt, settledAt: Date.now(), csrPath };
}

/** The extension names Go writes, in its order: keyUsage, extKeyUsage, basicConstraints, authorityKeyId, SAN. */
export function expectedExtensionNames(e: IssuedExpectation): string[] {
  return [
    ...(e.keyUsage !== undefined ? ['X509v3 Key Usage'] : []),
    ...(e.extKeyUsage !== undefined ? ['X509v3 Extended Key Usage'] : []),
    'X509v3 Basic Constraints',
    'X509v3 Authority Key Identifier',
    ...(e.sans !== undefined ? ['X509v3 Subject Alternative Name'] : []),
  ];
}

/** Every property an issued certificate must have (k8s-csr-spec §5.2, §5.3). */
export function assertIssued(server: TestServer, dir: string, name: string, out: Outcome, e: IssuedExpectation, ca: CaFacts): void {
  const { csr } = out;
  assert.deepEqual(failedConditions(csr), [], 'no Failed condition');
  const pem = certificatePem(csr);
  assert.notEqual(pem, '', `the controller wrote no certificate for ${name}: ${JSON.stringify(csr.status)}`);
  // A single CERTIFICATE block holding only the leaf, no chain.
  assert.deepEqual([...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]), ['CERTIFICATE']);
  assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);

  const { path, text } = inspectIssued(dir, name, pem);
  const verify = opensslVerify(ca.path, path);
  assert.equal(verify.status, 0, `openssl verify: ${verify.out}`);

  assert.equal(text.subject, e.subject);
  assert.equal(text.issuer, ca.subject);
  assert.equal(text.signatureAlgorithm, ca.signatureAlgorithm);
  assert.equal(publicKeyPem('x509', path), publicKeyPem('req', out.csrPath), 'the public key is the request\'s');
  // A random serial in [0, 2^128).
  assert.ok(text.serial !== undefined && text.serial.length <= 32, `serial ${text.serial}`);

  assert.deepEqual([...text.extensions.keys()], expectedExtensionNames(e));
  const ku = text.extensions.get('X509v3 Key Usage');
  if (e.keyUsage !== undefined) assert.deepEqual(ku, { critical: true, value: e.keyUsage });
  const eku = text.extensions.get('X509v3 Extended Key Usage');
  if (e.extKeyUsage !== undefined) assert.deepEqual(eku, { critical: false, value: e.extKeyUsage });
  assert.deepEqual(text.extensions.get('X509v3 Basic Constraints'), { critical: true, value: 'CA:FALSE' });
  const aki = text.extensions.get('X509v3 Authority Key Identifier');
  assert.equal(aki?.critical, false);
  assert.equal(keyIdOf(aki?.value), ca.subjectKeyId, 'the Authority Key Identifier is the CA\'s Subject Key Identifier');
  assert.equal(text.extensions.get('X509v3 Subject Key Identifier'), undefined, 'no Subject Key Identifier on leaves');
  // The SAN extension is critical only when the subject is empty, never here.
  if (e.sans !== undefined) assert.deepEqual(text.extensions.get('X509v3 Subject Alternative Name'), { critical: false, value: e.sans });

  const notBefore = text.notBefore!.getTime();
  const notAfter = text.notAfter!.getTime();
  assert.equal(notAfter - notBefore, e.spanMs, `validity ${text.notBefore!.toISOString()} … ${text.notAfter!.toISOString()}`);
  // Backdated 5 minutes from the signing time, which lies between approval and the read (whole seconds).
  const earliest = Math.floor(out.approvedAt / 1000) * 1000 - backdateMs;
  assert.ok(notBefore >= earliest && notBefore <= out.settledAt - backdateMs,
    `notBefore ${text.notBefore!.toISOString()} is not 5 minutes before the signing (${new Date(out.approvedAt).toISOString()} … ${new Date(out.settledAt).toISOString()})`);

  assert.equal(conditionCell(server, name), 'Approved,Issued');
}

/** A Failed condition exactly as the in-tree signer writes it, and no certificate. */
export function assertFailed(server: TestServer, name: string, out: Outcome, message: string): void {
  const { csr } = out;
  assert.deepEqual(failedConditions(csr), [['True', 'SignerValidationFailure', message]]);
  const failed = csr.status!.conditions!.find((c) => c.type === 'Failed')!;
  assert.ok(failed.lastUpdateTime, 'the signer sets lastUpdateTime');
  assert.ok(failed.lastTransitionTime, 'the server fills lastTransitionTime');
  assert.deepEqual(csr.status?.conditions?.map((c) => c.type), ['Approved', 'Failed']);
  assert.equal(csr.status?.certificate ?? '', '', 'no certificate');
  assert.equal(conditionCell(server, name), 'Approved,Failed');
}

/** Runs each case as its own test against `ctx()` (a getter: the server starts in `before`). */
export function runCases(cases: Record<string, SignerCase>, ctx: () => { server: TestServer; dir: string; ca: CaFacts }): void {
  let n = 0;
  for (const [title, tc] of Object.entries(cases)) {
    const name = `case-${++n}`;
    test(title, async () => {
      const { server, dir, ca } = ctx();
      const out = await submitApproveAwait(server, dir, name, tc);
      if ('issued' in tc.expect) assertIssued(server, dir, name, out, tc.expect.issued, ca);
      else assertFailed(server, name, out, tc.expect.failed);
    });
  }
}
