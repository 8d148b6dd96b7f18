// The user flows of seeds 000, 001 and 004 with the real kubectl 1.32 and openssl against a real
// `signet serve`: key and request made with openssl, CSR applied from a heredoc, listed, described,
// approved or denied, watched, and the everyday verbs (create, apply, replace, label, delete, …).

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { run, type Ran } from './harness.js';
import { serverForSuite, type SuiteServer, type TestServer } from './server-harness.js';
import { csrHeader, csrManifest, hasWatchStarted, kubectlEnv, rowsNamed, seed001ApplyLine, seed001RequestLine, shellLine, spawnKubectl, tableRows } from './kubectl-helpers.js';

/** The parts of a CSR these tests read back. */
interface CsrJson {
  apiVersion: string;
  kind: string;
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { signerName: string; usages: string[]; username: string; groups: string[]; expirationSeconds?: number; request: string };
  status?: { certificate?: string; conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }[] };
}

/** Fails with everything kubectl said when it did not exit 0. */
function assertOk(r: Ran, what: string): void {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

/** `kubectl get csr NAME -o json`, parsed. */
function getCsr(server: TestServer, name: string): CsrJson {
  const r = server.kubectl(['get', 'csr', name, '-o', 'json']);
  assertOk(r, `kubectl get csr ${name} -o json`);
  return JSON.parse(r.stdout) as CsrJson;
}

/** The condition types of a CSR, in order. */
function conditionTypes(csr: CsrJson): string[] {
  return (csr.status?.conditions ?? []).map((c) => c.type);
}

/** A fresh P-256 request `/CN=<cn>` in `dir`; returns its base64 (one line), as the seeds encode it. */
function makeRequest(dir: string, cn: string): string {
  const r = run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `${cn}.key`), '-subj', `/CN=${cn}`, '-out', join(dir, `${cn}.csr`)], { cwd: dir });
  assertOk(r, 'openssl req');
  return readFileSync(join(dir, `${cn}.csr`)).toString('base64');
}

/**
 * Seeds 000 and 004 as their readers type them. `manifest` is the heredoc body with the output of
 * the seed's encode command pasted where the seed shows its own base64.
 */
const seeds: Record<string, { bits: number; manifest: (requestB64: string) => string }> = {
  'seed 000 (killercoda walkthrough, 2048-bit RSA)': {
    bits: 2048,
    manifest: (request) => `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: myuser # ユーザ名を指定する
spec:
  request: ${request}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400 # CSR の有効期限を指定する
  usages:
  - client auth
`,
  },
  'seed 004 (kubernetes.io task page, 3072-bit RSA)': {
    bits: 3072,
    manifest: (request) => `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: myuser # example
spec:
  # This is an encoded CSR. Change this to the base64-encoded contents of myuser.csr
  request: ${request}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400 # one day
  usages:
  - client auth
`,
  },
};

for (const [title, seed] of Object.entries(seeds)) {
  describe(`${title}: openssl key and request, CSR applied from a heredoc, approved`, () => {
    let server: SuiteServer;
    serverForSuite((s) => (server = s));

    test('openssl makes the key and a request for CN=myuser', () => {
      assertOk(shellLine(server, `openssl genrsa -out myuser.key ${seed.bits}`, server.work), 'openssl genrsa');
      assertOk(shellLine(server, 'openssl req -new -key myuser.key -out myuser.csr -subj "/CN=myuser"', server.work), 'openssl req');
      const subject = shellLine(server, 'openssl req -noout -subject -in myuser.csr', server.work);
      assert.equal(subject.stdout.trim(), 'subject=CN = myuser');
    });

    test('cat <<EOF | kubectl apply -f - creates the CSR', () => {
      const encoded = shellLine(server, 'cat myuser.csr | base64 | tr -d "\\n"', server.work);
      assertOk(encoded, 'base64');
      const r = shellLine(server, `cat <<EOF | kubectl apply -f -\n${seed.manifest(encoded.stdout)}EOF\n`, server.work);
      assertOk(r, 'kubectl apply');
      assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/myuser created\n');
    });

    test('kubectl get csr lists it as Pending, requested by admin for 24h', () => {
      const r = server.kubectl(['get', 'csr']);
      assertOk(r, 'kubectl get csr');
      const rows = tableRows(r.stdout);
      assert.deepEqual(rows[0], csrHeader);
      assert.equal(rows.length, 2, r.stdout);
      const [name, age, ...rest] = rows[1]!;
      assert.equal(name, 'myuser');
      assert.match(age!, /^\d+[smhd]/);
      assert.deepEqual(rest, ['kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Pending']);
    });

    test('kubectl get csr -o wide shows the same columns', () => {
      const r = server.kubectl(['get', 'csr', '-o', 'wide']);
      assertOk(r, 'kubectl get csr -o wide');
      const rows = tableRows(r.stdout);
      assert.deepEqual(rows[0], csrHeader);
      assert.deepEqual(rowsNamed(r.stdout, 'myuser')[0]!.slice(2), ['kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Pending']);
    });

    test('kubectl describe csr shows the requesting user, signer, duration, status and subject', () => {
      const r = server.kubectl(['describe', 'csr', 'myuser']);
      assertOk(r, 'kubectl describe csr');
      assert.match(r.stdout, /^Name:\s+myuser$/m);
      assert.match(r.stdout, /^Requesting User:\s+admin$/m);
      assert.match(r.stdout, /^Signer:\s+kubernetes\.io\/kube-apiserver-client$/m);
      assert.match(r.stdout, /^Requested Duration:\s+24h$/m);
      assert.match(r.stdout, /^Status:\s+Pending$/m);
      assert.match(r.stdout, /^Subject:\n\s+Common Name:\s+myuser$/m);
      assert.match(r.stdout, /^Events:\s+<none>$/m);
    });

    test('kubectl get csr/myuser -o yaml keeps the last-applied configuration and records who asked', () => {
      const csr = getCsr(server, 'myuser');
      assert.equal(csr.apiVersion, 'certificates.k8s.io/v1');
      assert.equal(csr.kind, 'CertificateSigningRequest');
      const lastApplied = JSON.parse(csr.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}') as { metadata: unknown; spec: unknown };
      assert.deepEqual(lastApplied.metadata, { annotations: {}, name: 'myuser' });
      assert.deepEqual(lastApplied.spec, { expirationSeconds: 86400, request: csr.spec.request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] });
      assert.equal(csr.spec.username, 'admin');
      assert.ok(csr.spec.groups.includes('system:masters') && csr.spec.groups.includes('system:authenticated'), `groups ${csr.spec.groups.join(',')}`);
      assert.equal(Buffer.from(csr.spec.request, 'base64').toString(), readFileSync(join(server.work, 'myuser.csr'), 'utf8'));
      const yaml = server.kubectl(['get', 'csr/myuser', '-o', 'yaml']);
      assertOk(yaml, 'kubectl get csr/myuser -o yaml');
      assert.match(yaml.stdout, /^kind: CertificateSigningRequest$/m);
    });

    test('kubectl certificate approve adds Approved with reason KubectlApprove', () => {
      const r = server.kubectl(['certificate', 'approve', 'myuser']);
      assertOk(r, 'kubectl certificate approve');
      assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/myuser approved\n');
      const conditions = getCsr(server, 'myuser').status?.conditions ?? [];
      assert.equal(conditions.length, 1);
      const c = conditions[0]!;
      assert.equal(c.type, 'Approved');
      assert.equal(c.status, 'True');
      assert.equal(c.reason, 'KubectlApprove');
      assert.equal(c.message, 'This CSR was approved by kubectl certificate approve.');
      assert.ok(c.lastTransitionTime, 'the server fills lastTransitionTime');
    });

    test('the signer issues the certificate and the row becomes Approved,Issued', async () => {
      // The in-process signer works asynchronously: poll, bounded, for its /status write.
      let last = '';
      for (let i = 0; i < 100 && last !== 'Approved,Issued'; i++) {
        last = rowsNamed(server.kubectl(['get', 'csr']).stdout, 'myuser')[0]?.at(-1) ?? '';
        if (last !== 'Approved,Issued') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(last, 'Approved,Issued');
    });

    test("the seed's jsonpath | base64 -d gives a certificate for myuser that openssl verifies against the CA", () => {
      const r = shellLine(server, "kubectl get csr myuser -o jsonpath='{.status.certificate}'| base64 -d > myuser.crt", server.work);
      assertOk(r, 'kubectl get -o jsonpath | base64 -d');
      const verify = run('openssl', ['verify', '-CAfile', join(server.dataDir, 'ca.crt'), join(server.work, 'myuser.crt')]);
      assert.equal(verify.status, 0, verify.stderr);
      const text = run('openssl', ['x509', '-in', join(server.work, 'myuser.crt'), '-noout', '-subject', '-ext', 'extendedKeyUsage,basicConstraints']).stdout;
      assert.match(text, /subject=CN = myuser/);
      assert.match(text, /TLS Web Client Authentication/);
      assert.match(text, /CA:FALSE/);
      const x = new X509Certificate(readFileSync(join(server.work, 'myuser.crt')));
      // expirationSeconds 86400: backdated 5 minutes, so exactly one day of validity.
      assert.equal(Date.parse(x.validTo) - Date.parse(x.validFrom), 86400_000);
    });

    test('the new identity authenticates with the kubeconfig the seed builds, and is refused until RBAC allows it', () => {
      for (const line of [
        'kubectl config set-credentials myuser --client-key=myuser.key --client-certificate=myuser.crt --embed-certs=true',
        'kubectl config set-context myuser --cluster=kubernetes --user=myuser',
      ]) assertOk(shellLine(server, line, server.work), line);
      const r = server.kubectl(['--context', 'myuser', 'get', 'csr']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /Error from server \(Forbidden\): certificatesigningrequests\.certificates\.k8s\.io is forbidden: User "myuser" cannot list resource "certificatesigningrequests" in API group "certificates\.k8s\.io" at the cluster scope/);
    });
  });
}

describe('kubectl verbs on CertificateSigningRequests', () => {
  let server: SuiteServer;
  let request = '';
  /** Creates `name` (Pending) with kubectl create -f. */
  const createCsr = (name: string): void => {
    assertOk(server.kubectl(['create', '-f', '-'], { input: csrManifest(name, request) }), `kubectl create ${name}`);
  };
  serverForSuite((s) => (server = s));
  before(async () => {
    request = makeRequest(server.work, 'verbs');
  });

  test('kubectl certificate deny adds Denied with reason KubectlDeny', () => {
    createCsr('to-deny');
    const r = server.kubectl(['certificate', 'deny', 'to-deny']);
    assertOk(r, 'kubectl certificate deny');
    assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/to-deny denied\n');
    const c = getCsr(server, 'to-deny').status?.conditions ?? [];
    assert.deepEqual(
      c.map((x) => [x.type, x.status, x.reason, x.message]),
      [['Denied', 'True', 'KubectlDeny', 'This CSR was denied by kubectl certificate deny.']],
    );
    assert.equal(rowsNamed(server.kubectl(['get', 'csr']).stdout, 'to-deny')[0]!.at(-1), 'Denied');
  });

  test('approving a denied CSR fails, also with --force, and changes nothing', () => {
    const previous = getCsr(server, 'to-deny');
    for (const args of [['certificate', 'approve', 'to-deny'], ['certificate', 'approve', '--force', 'to-deny']]) {
      const r = server.kubectl(args);
      assert.notEqual(r.status, 0, `kubectl ${args.join(' ')} should fail`);
      assert.equal(r.stderr.trim(), 'error: certificate signing request "to-deny" is already Denied');
    }
    const now = getCsr(server, 'to-deny');
    assert.deepEqual(conditionTypes(now), ['Denied']);
    assert.equal(now.metadata.resourceVersion, previous.metadata.resourceVersion);
  });

  test('denying an approved CSR fails', () => {
    createCsr('to-approve');
    assertOk(server.kubectl(['certificate', 'approve', 'to-approve']), 'approve');
    const r = server.kubectl(['certificate', 'deny', 'to-approve']);
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim(), 'error: certificate signing request "to-approve" is already Approved');
  });

  test('approve --force on an approved CSR succeeds and keeps one Approved condition', () => {
    const r = server.kubectl(['certificate', 'approve', '--force', 'to-approve']);
    assertOk(r, 'kubectl certificate approve --force');
    assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/to-approve approved\n');
    assert.deepEqual(conditionTypes(getCsr(server, 'to-approve')), ['Approved']);
  });

  test('kubectl get csr -w shows the row going from Pending to Approved', async () => {
    createCsr('watched');
    const watch = spawnKubectl(server, ['get', 'csr', '-w'], { maxMs: 60_000 });
    try {
      await watch.waitFor('Pending row for watched', ({ stdout }) => rowsNamed(stdout, 'watched').some((r) => r.at(-1) === 'Pending'));
      assertOk(server.kubectl(['certificate', 'approve', 'watched']), 'approve');
      await watch.waitFor('Approved row for watched', ({ stdout }) => rowsNamed(stdout, 'watched').some((r) => r.at(-1) === 'Approved'));
      const rows = tableRows(watch.stdout());
      assert.deepEqual(rows[0], csrHeader);
      // The in-process signer may already have added an Approved,Issued row after these two.
      assert.deepEqual(
        rowsNamed(watch.stdout(), 'watched').map((r) => r.at(-1)).slice(0, 2),
        ['Pending', 'Approved'],
      );
    } finally {
      await watch.stop();
    }
  });

  test('kubectl get csr NAME -w prints the approval after the current row', async () => {
    createCsr('watched-one');
    // -v=6 logs the watch request once its response started, so the approval cannot race the
    // synthetic ADDED that kubectl discards.
    const watch = spawnKubectl(server, ['get', 'csr', 'watched-one', '-w', '-v=6'], { maxMs: 60_000 });
    try {
      await watch.waitFor('the watch request', ({ stderr }) => hasWatchStarted(stderr));
      assertOk(server.kubectl(['certificate', 'approve', 'watched-one']), 'approve');
      await watch.waitFor('Approved row for watched-one', ({ stdout }) => rowsNamed(stdout, 'watched-one').some((r) => r.at(-1) === 'Approved'));
      assert.deepEqual(tableRows(watch.stdout())[0], csrHeader);
      // The in-process signer may already have added an Approved,Issued row after these two.
      assert.deepEqual(
        rowsNamed(watch.stdout(), 'watched-one').map((r) => r.at(-1)).slice(0, 2),
        ['Pending', 'Approved'],
      );
    } finally {
      await watch.stop();
    }
  });

  // Seed 001 names requests user=NAME; kubectl escapes the = in the field selectors it sends.
  test('a name with = is watched, waited for and described like any other', async () => {
    createCsr('user=jean.doe');
    const watch = spawnKubectl(server, ['get', 'csr', 'user=jean.doe', '-w', '-v=6'], { maxMs: 60_000 });
    try {
      await watch.waitFor('the watch request', ({ stderr }) => hasWatchStarted(stderr));
      const waited = server.kubectl(['wait', '--for=condition=Approved', 'csr/user=jean.doe', '--timeout=0s']);
      assert.notEqual(waited.status, 0, 'not approved yet');
      assert.doesNotMatch(waited.stderr, /NotFound/);
      assertOk(server.kubectl(['certificate', 'approve', 'user=jean.doe']), 'approve');
      await watch.waitFor('Approved row for user=jean.doe', ({ stdout }) => rowsNamed(stdout, 'user=jean.doe').some((r) => r.at(-1)!.startsWith('Approved')));
    } finally {
      await watch.stop();
    }
    const waited = server.kubectl(['wait', '--for=condition=Approved', 'csr/user=jean.doe', '--timeout=30s']);
    assertOk(waited, 'kubectl wait');
    assert.equal(waited.stdout, 'certificatesigningrequest.certificates.k8s.io/user=jean.doe condition met\n');
    const listed = server.kubectl(['get', 'csr', '--field-selector', 'metadata.name=user\\=jean.doe', '-o', 'name']);
    assertOk(listed, 'kubectl get --field-selector');
    assert.equal(listed.stdout, 'certificatesigningrequest.certificates.k8s.io/user=jean.doe\n');
    // The in-process controllers record events; describe finds them by the escaped name.
    const describe = async (): Promise<string> => server.kubectl(['describe', 'csr', 'user=jean.doe']).stdout;
    let described = await describe();
    for (let i = 0; i < 100 && !/CertificateIssued/.test(described); i++) {
      await new Promise((r) => setTimeout(r, 100));
      described = await describe();
    }
    assert.match(described, /Events:\n(.*\n){2}.*CertificateIssued/);
  });

  test('kubectl delete csr removes it', () => {
    createCsr('to-delete');
    const r = server.kubectl(['delete', 'csr', 'to-delete']);
    assertOk(r, 'kubectl delete');
    assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io "to-delete" deleted\n');
    const gone = server.kubectl(['get', 'csr', 'to-delete']);
    assert.equal(gone.status, 1);
    assert.equal(gone.stderr.trim(), 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "to-delete" not found');
  });

  test('kubectl create -f creates once and then says AlreadyExists', () => {
    const file = join(server.work, 'created.yaml');
    writeFileSync(file, csrManifest('created', request));
    const first = run('kubectl', ['create', '-f', 'created.yaml'], { cwd: server.work, env: kubectlEnv(server) });
    assertOk(first, 'kubectl create -f');
    assert.equal(first.stdout, 'certificatesigningrequest.certificates.k8s.io/created created\n');
    const second = run('kubectl', ['create', '-f', 'created.yaml'], { cwd: server.work, env: kubectlEnv(server) });
    assert.equal(second.status, 1);
    assert.equal(
      second.stderr.trim(),
      'Error from server (AlreadyExists): error when creating "created.yaml": certificatesigningrequests.certificates.k8s.io "created" already exists',
    );
  });

  test('kubectl apply -f twice creates and then reports unchanged', () => {
    const file = join(server.work, 'applied.yaml');
    writeFileSync(file, csrManifest('applied', request, { expirationSeconds: 3600 }));
    const first = server.kubectl(['apply', '-f', file]);
    assertOk(first, 'first apply');
    assert.equal(first.stdout, 'certificatesigningrequest.certificates.k8s.io/applied created\n');
    const second = server.kubectl(['apply', '-f', file]);
    assertOk(second, 'second apply');
    assert.equal(second.stdout, 'certificatesigningrequest.certificates.k8s.io/applied unchanged\n');
    assert.equal(rowsNamed(server.kubectl(['get', 'csr', 'applied']).stdout, 'applied')[0]![4], '60m');
  });

  test('kubectl apply --server-side works twice', () => {
    const file = join(server.work, 'ssa.yaml');
    writeFileSync(file, csrManifest('ssa', request));
    for (const round of ['first', 'second']) {
      const r = server.kubectl(['apply', '--server-side', '-f', file]);
      assertOk(r, `${round} server-side apply`);
      assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/ssa serverside-applied\n');
    }
    assert.equal(getCsr(server, 'ssa').spec.signerName, 'kubernetes.io/kube-apiserver-client');
  });

  test('kubectl apply --server-side by a second manager conflicts on a field the first owns, until --force-conflicts', async () => {
    const file = join(server.work, 'ssa-owned.yaml');
    const withTeam = (team: string): void => writeFileSync(file, csrManifest('ssa-owned', request).replace('  name: ssa-owned\n', `  name: ssa-owned\n  labels:\n    team: ${team}\n`));
    withTeam('a');
    assertOk(server.kubectl(['apply', '--server-side', '--field-manager=team-a', '-f', file]), 'apply by team-a');
    withTeam('b');
    const refused = server.kubectl(['apply', '--server-side', '--field-manager=team-b', '-f', file]);
    assert.notEqual(refused.status, 0, 'the conflicting apply must fail');
    assert.match(refused.stderr, /^error: Apply failed with 1 conflict: conflict with "team-a": \.metadata\.labels\.team\n/);
    assert.equal(getCsr(server, 'ssa-owned').metadata.labels?.['team'], 'a');
    assertOk(server.kubectl(['apply', '--server-side', '--field-manager=team-b', '--force-conflicts', '-f', file]), 'forced apply by team-b');
    // kubectl hides managedFields; the API shows who owns the label now.
    const raw = await server.fetch('GET', '/apis/certificates.k8s.io/v1/certificatesigningrequests/ssa-owned');
    const now = JSON.parse(raw.body) as CsrJson & { metadata: { managedFields?: { manager: string; fieldsV1: { 'f:metadata'?: { 'f:labels'?: Record<string, unknown> } } }[] } };
    assert.equal(now.metadata.labels?.['team'], 'b');
    const owners = (now.metadata.managedFields ?? []).filter((e) => e.fieldsV1['f:metadata']?.['f:labels']?.['f:team'] !== undefined).map((e) => e.manager);
    assert.deepEqual(owners, ['team-b']);
  });

  test('kubectl label and annotate show up in --show-labels and -o yaml', () => {
    createCsr('tagged');
    const l = server.kubectl(['label', 'csr', 'tagged', 'team=devs']);
    assertOk(l, 'kubectl label');
    assert.equal(l.stdout, 'certificatesigningrequest.certificates.k8s.io/tagged labeled\n');
    const a = server.kubectl(['annotate', 'csr', 'tagged', 'note=hello']);
    assertOk(a, 'kubectl annotate');
    assert.equal(a.stdout, 'certificatesigningrequest.certificates.k8s.io/tagged annotated\n');
    const shown = server.kubectl(['get', 'csr', 'tagged', '--show-labels']);
    assertOk(shown, 'get --show-labels');
    assert.deepEqual(tableRows(shown.stdout)[0], [...csrHeader, 'LABELS']);
    assert.equal(rowsNamed(shown.stdout, 'tagged')[0]!.at(-1), 'team=devs');
    const yaml = server.kubectl(['get', 'csr', 'tagged', '-o', 'yaml']);
    assert.match(yaml.stdout, /^ {4}team: devs$/m);
    assert.match(yaml.stdout, /^ {4}note: hello$/m);
    const selected = server.kubectl(['get', 'csr', '-l', 'team=devs', '-o', 'name']);
    assert.equal(selected.stdout, 'certificatesigningrequest.certificates.k8s.io/tagged\n');
  });

  test('kubectl get -o yaml | kubectl replace -f - replaces the object', () => {
    createCsr('replaced');
    const r = shellLine(server, 'kubectl get csr replaced -o yaml | kubectl replace -f -', server.work);
    assertOk(r, 'get | replace');
    assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/replaced replaced\n');
  });

  test('kubectl replace with a stale resourceVersion is a Conflict', () => {
    createCsr('stale');
    const old = server.kubectl(['get', 'csr', 'stale', '-o', 'yaml']);
    assertOk(old, 'get -o yaml');
    writeFileSync(join(server.work, 'stale.yaml'), old.stdout);
    assertOk(server.kubectl(['label', 'csr', 'stale', 'touched=yes']), 'label');
    const r = run('kubectl', ['replace', '-f', 'stale.yaml'], { cwd: server.work, env: kubectlEnv(server) });
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Conflict): error when replacing "stale.yaml": Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io "stale": the object has been modified; please apply your changes to the latest version and try again',
    );
    assert.equal(getCsr(server, 'stale').metadata.labels?.['touched'], 'yes');
  });

  test('kubectl api-resources lists certificatesigningrequests', () => {
    const r = server.kubectl(['api-resources']);
    assertOk(r, 'kubectl api-resources');
    assert.deepEqual(tableRows(r.stdout)[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    assert.deepEqual(rowsNamed(r.stdout, 'certificatesigningrequests'), [['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', 'false', 'CertificateSigningRequest']]);
  });

  test('kubectl explain csr and csr.spec.usages describe the fields', () => {
    const top = server.kubectl(['explain', 'csr']);
    assertOk(top, 'kubectl explain csr');
    assert.match(top.stdout, /^GROUP:\s+certificates\.k8s\.io$/m);
    assert.match(top.stdout, /^KIND:\s+CertificateSigningRequest$/m);
    assert.match(top.stdout, /^VERSION:\s+v1$/m);
    assert.match(top.stdout, /^FIELDS:$/m);
    assert.match(top.stdout, /^ {2}spec\s+<CertificateSigningRequestSpec> -required-$/m);
    const usages = server.kubectl(['explain', 'csr.spec.usages']);
    assertOk(usages, 'kubectl explain csr.spec.usages');
    assert.match(usages.stdout, /^FIELD: usages <\[\]string>$/m);
    assert.match(usages.stdout, /client auth/);
  });

  test('kubectl get csr does-not-exist is NotFound', () => {
    const r = server.kubectl(['get', 'csr', 'does-not-exist']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "does-not-exist" not found');
  });

  test('kubectl get pods as admin finds no pods in the default namespace', () => {
    const r = server.kubectl(['get', 'pods']);
    assertOk(r, 'kubectl get pods');
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), 'No resources found in default namespace.');
  });
});

describe('seed 001: v1beta1 manifests are accepted and read back through v1', () => {
  let server: SuiteServer;
  serverForSuite((s) => (server = s));

  test("seed 001's v1beta1 manifest without signerName is created", () => {
    assertOk(shellLine(server, seed001RequestLine, server.work), 'openssl req');
    const r = shellLine(server, seed001ApplyLine, server.work);
    assertOk(r, 'kubectl apply (v1beta1)');
    assert.equal(r.stdout, 'certificatesigningrequest.certificates.k8s.io/user=jean.doe created\n');
  });

  test('through v1 it has the signerName v1beta1 defaulted (legacy-unknown) and its usages', () => {
    const csr = getCsr(server, 'user=jean.doe');
    assert.equal(csr.apiVersion, 'certificates.k8s.io/v1');
    assert.equal(csr.spec.signerName, 'kubernetes.io/legacy-unknown');
    assert.deepEqual(csr.spec.usages, ['digital signature', 'key encipherment', 'client auth']);
    const d = server.kubectl(['describe', 'csr', 'user=jean.doe']);
    assertOk(d, 'kubectl describe');
    assert.match(d.stdout, /^\s+Common Name:\s+jean\.doe$/m);
    assert.match(d.stdout, /^\s+Organization:\s+devs$/m);
  });

  test('a v1beta1 kubelet client request without signerName defaults to kube-apiserver-client-kubelet', () => {
    const b64 = (() => {
      const r = run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'node.key', '-subj', '/O=system:nodes/CN=system:node:worker-0', '-out', 'node.csr'], { cwd: server.work });
      assertOk(r, 'openssl req');
      return readFileSync(join(server.work, 'node.csr')).toString('base64');
    })();
    const manifest = `apiVersion: certificates.k8s.io/v1beta1
kind: CertificateSigningRequest
metadata:
  name: node-csr-worker-0
spec:
  request: ${b64}
  usages:
  - digital signature
  - key encipherment
  - client auth
`;
    const r = server.kubectl(['create', '-f', '-'], { input: manifest });
    assertOk(r, 'kubectl create (v1beta1)');
    const csr = getCsr(server, 'node-csr-worker-0');
    assert.equal(csr.apiVersion, 'certificates.k8s.io/v1');
    assert.equal(csr.spec.signerName, 'kubernetes.io/kube-apiserver-client-kubelet');
  });

  test('a v1beta1 manifest without usages gets digital signature and key encipherment', () => {
    const manifest = `apiVersion: certificates.k8s.io/v1beta1
kind: CertificateSigningRequest
metadata:
  name: no-usages
spec:
  request: ${makeRequest(server.work, 'no-usages')}
  signerName: example.com/custom
`;
    assertOk(server.kubectl(['create', '-f', '-'], { input: manifest }), 'kubectl create (v1beta1)');
    const csr = getCsr(server, 'no-usages');
    assert.equal(csr.spec.signerName, 'example.com/custom');
    assert.deepEqual(csr.spec.usages, ['digital signature', 'key encipherment']);
  });
});
