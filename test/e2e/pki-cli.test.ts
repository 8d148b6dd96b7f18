import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { repoRoot, run, sh, signetBin, tempDir } from './harness.js';

const caConfig = JSON.stringify({
  signing: {
    default: { expiry: '8760h' },
    profiles: { kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' } },
  },
}, null, 2);
const csrJson = (cn: string, o: string, algo = 'rsa', size = 2048) => JSON.stringify({
  CN: cn, key: { algo, size }, names: [{ C: 'US', L: 'Portland', O: o, OU: 'Kubernetes The Hard Way', ST: 'Oregon' }],
}, null, 2);

function openssl(args: string[], cwd: string): string {
  const r = run('openssl', args, { cwd });
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('signet pki with seed 003 command lines', () => {
  const { dir, cleanup } = tempDir();
  const env = { ...process.env, PATH: `${join(repoRoot, 'bin')}:${process.env['PATH']}` };
  before(() => {
    writeFileSync(join(dir, 'ca-config.json'), caConfig);
    writeFileSync(join(dir, 'ca-csr.json'), csrJson('Kubernetes', 'Kubernetes'));
    writeFileSync(join(dir, 'admin-csr.json'), csrJson('admin', 'system:masters'));
    writeFileSync(join(dir, 'worker-0-csr.json'), csrJson('system:node:worker-0', 'system:nodes', 'ecdsa', 256));
  });
  after(cleanup);

  test('gencert -initca piped into json -bare makes ca.pem, ca-key.pem (0600) and ca.csr', () => {
    const r = sh('signet pki gencert -initca ca-csr.json | signet pki json -bare ca', dir, env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'C=US\nST=Oregon\nL=Portland\nO=Kubernetes\nOU=Kubernetes The Hard Way\nCN=Kubernetes');
    openssl(['req', '-in', 'ca.csr', '-verify', '-noout'], dir);
    assert.match(openssl(['x509', '-in', 'ca.pem', '-noout', '-text'], dir), /Certificate Sign, CRL Sign/);
  });

  test('gencert with the CA, config, profile and hostname signs a kubelet certificate', () => {
    const r = sh(`signet pki gencert \\
  -ca=ca.pem \\
  -ca-key=ca-key.pem \\
  -config=ca-config.json \\
  -hostname=worker-0,203.0.113.20,10.240.0.20 \\
  -profile=kubernetes \\
  worker-0-csr.json | signet pki json -bare worker-0`, dir, env);
    assert.equal(r.status, 0, r.stderr);
    openssl(['verify', '-CAfile', 'ca.pem', 'worker-0.pem'], dir);
    const text = openssl(['x509', '-in', 'worker-0.pem', '-noout', '-text'], dir);
    assert.match(text, /Subject: C = US, ST = Oregon, L = Portland, O = system:nodes, OU = Kubernetes The Hard Way, CN = system:node:worker-0/);
    assert.match(text, /DNS:worker-0, IP Address:203\.0\.113\.20, IP Address:10\.240\.0\.20/);
    assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
    assert.match(text, /Digital Signature, Key Encipherment/);
    assert.match(readFileSync(join(dir, 'worker-0-key.pem'), 'utf8'), /BEGIN EC PRIVATE KEY/);
  });

  test('--out writes the files directly', () => {
    const r = run(signetBin, ['pki', 'gencert', '--ca', 'ca.pem', '--ca-key', 'ca-key.pem', '--config', 'ca-config.json', '--profile', 'kubernetes', '--out', 'admin', 'admin-csr.json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(statSync(join(dir, 'admin-key.pem')).mode & 0o777, 0o600);
    assert.match(openssl(['x509', '-in', 'admin.pem', '-noout', '-subject'], dir), /O = system:masters/);
  });

  test('sign accepts a request made by openssl req and checks its signature', () => {
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'jane.key', '-subj', '/CN=jane/O=devs', '-out', 'jane.csr'], dir);
    const r = run(signetBin, ['pki', 'sign', '-ca=ca.pem', '-ca-key=ca-key.pem', '-config=ca-config.json', '-profile=kubernetes', 'jane.csr'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const { cert, csr } = JSON.parse(r.stdout) as { cert: string; csr: string };
    // As cfssl sign: the request comes back beside the certificate, as it was given.
    assert.equal(csr, readFileSync(join(dir, 'jane.csr'), 'utf8'));
    writeFileSync(join(dir, 'jane.pem'), cert);
    openssl(['verify', '-CAfile', 'ca.pem', 'jane.pem'], dir);
    assert.equal(new X509Certificate(cert).subject, 'CN=jane\nO=devs');
  });

  test('genkey makes a key and a request that openssl verifies', () => {
    const r = run(signetBin, ['pki', 'genkey', 'admin-csr.json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(out), ['csr', 'key']);
    writeFileSync(join(dir, 'gen.csr'), out['csr']!);
    assert.match(openssl(['req', '-in', 'gen.csr', '-verify', '-noout', '-subject'], dir), /CN = admin/);
  });

  test('certinfo prints cfssl fields for a certificate and a request', () => {
    const cert = JSON.parse(run(signetBin, ['pki', 'certinfo', '-cert', 'worker-0.pem'], { cwd: dir }).stdout);
    assert.equal(cert.subject.common_name, 'system:node:worker-0');
    assert.equal(cert.issuer.common_name, 'Kubernetes');
    assert.deepEqual(cert.sans, ['worker-0', '203.0.113.20', '10.240.0.20']);
    assert.equal(cert.sigalg, 'SHA256WithRSA');
    assert.match(cert.serial_number, /^[0-9]+$/);
    const x = new X509Certificate(readFileSync(join(dir, 'worker-0.pem')));
    assert.equal(BigInt('0x' + x.serialNumber).toString(), cert.serial_number);
    const req = JSON.parse(run(signetBin, ['pki', 'certinfo', '-csr', 'jane.csr'], { cwd: dir }).stdout);
    assert.equal(req.subject.common_name, 'jane');
    assert.equal(req.signature_valid, true);
  });
});

describe('signet pki cluster', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  test('provisions the whole seed 003 PKI with kubeconfigs from one YAML file', () => {
    writeFileSync(join(dir, 'cluster.yaml'), readFileSync(join(repoRoot, 'examples', 'cluster.yaml')));
    const r = run(signetBin, ['pki', 'cluster', '--out', 'pki', 'cluster.yaml'], { cwd: dir, timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = join(dir, 'pki');
    const names = ['ca', 'admin', 'worker-0', 'worker-1', 'worker-2', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler', 'kubernetes', 'service-account'];
    for (const n of names) {
      for (const suffix of ['.pem', '-key.pem', '.csr']) assert.ok(statSync(join(out, n + suffix)).isFile(), `${n}${suffix}`);
      assert.equal(statSync(join(out, `${n}-key.pem`)).mode & 0o777, 0o600);
      if (n !== 'ca') openssl(['verify', '-CAfile', 'ca.pem', `${n}.pem`], out);
    }
    const api = openssl(['x509', '-in', 'kubernetes.pem', '-noout', '-ext', 'subjectAltName'], out);
    for (const san of ['IP Address:10.32.0.1', 'IP Address:10.240.0.10', 'IP Address:10.240.0.12', 'IP Address:203.0.113.10', 'IP Address:127.0.0.1', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local']) {
      assert.ok(api.includes(san), `kubernetes.pem lacks ${san}: ${api}`);
    }
    assert.match(openssl(['x509', '-in', 'worker-1.pem', '-noout', '-subject'], out), /O = system:nodes, OU = Kubernetes The Hard Way, CN = system:node:worker-1/);
    assert.match(openssl(['x509', '-in', 'kube-proxy.pem', '-noout', '-subject'], out), /O = system:node-proxier/);
    const kc = parseYaml(readFileSync(join(out, 'worker-0.kubeconfig'), 'utf8'));
    assert.equal(kc.clusters[0].cluster.server, 'https://203.0.113.10:6443');
    assert.equal(kc.users[0].name, 'system:node:worker-0');
    assert.equal(Buffer.from(kc.users[0].user['client-certificate-data'], 'base64').toString(), readFileSync(join(out, 'worker-0.pem'), 'utf8'));
    const admin = parseYaml(readFileSync(join(out, 'admin.kubeconfig'), 'utf8'));
    assert.equal(admin.clusters[0].cluster.server, 'https://127.0.0.1:6443');
    assert.ok(!readdirSync(out).includes('kubernetes.kubeconfig'));
  });
});

describe('signet pki on bad input', () => {
  const { dir, cleanup } = tempDir();
  const otherCa = join(dir, 'other');
  before(() => {
    writeFileSync(join(dir, 'ca-config.json'), caConfig);
    writeFileSync(join(dir, 'ca-csr.json'), csrJson('Kubernetes', 'Kubernetes', 'ecdsa', 256));
    writeFileSync(join(dir, 'admin-csr.json'), csrJson('admin', 'system:masters', 'ecdsa', 256));
    writeFileSync(join(dir, 'broken.json'), '{\n  "CN": "admin",\n  "key": {"algo": "rsa" "size": 2048}\n}\n');
    writeFileSync(join(dir, 'dsa-csr.json'), csrJson('x', 'y', 'dsa', 1024));
    writeFileSync(join(dir, 'bad.yaml'), 'apiServer: [unclosed\n');
    run(signetBin, ['pki', 'gencert', '-initca', '--out', 'ca', 'ca-csr.json'], { cwd: dir });
    mkdirSync(otherCa);
    run(signetBin, ['pki', 'gencert', '-initca', '--out', join(otherCa, 'ca'), 'ca-csr.json'], { cwd: dir });
  });
  after(cleanup);

  const cases: Record<string, { args: string[]; message: RegExp }> = {
    'a missing CSR JSON file': { args: ['gencert', '-initca', '--out', 'x', 'nope.json'], message: /^signet: cannot read CSR JSON nope\.json: no such file$/ },
    'JSON with a syntax error, with line and column': { args: ['gencert', '-initca', '--out', 'x', 'broken.json'], message: /^signet: broken\.json: invalid JSON at line 3, column \d+: / },
    'an unknown profile': { args: ['gencert', '-ca=ca.pem', '-ca-key=ca-key.pem', '-config=ca-config.json', '-profile=kubernets', '--out', 'x', 'admin-csr.json'], message: /^signet: unknown profile "kubernets" \(known: kubernetes\)$/ },
    'an unknown key algorithm': { args: ['gencert', '-initca', '--out', 'x', 'dsa-csr.json'], message: /^signet: dsa-csr\.json: unsupported key algorithm "dsa"/ },
    'a CA key that does not match the CA certificate': { args: ['gencert', '-ca=ca.pem', `-ca-key=${join(otherCa, 'ca-key.pem')}`, '--out', 'x', 'admin-csr.json'], message: /does not match the CA certificate ca\.pem$/ },
    'an unknown flag': { args: ['gencert', '-cafile=ca.pem', 'admin-csr.json'], message: /^signet: signet pki gencert: unknown flag -cafile/ },
    'a certificate request that is not PEM': { args: ['sign', '-ca=ca.pem', '-ca-key=ca-key.pem', '--out', 'x', 'ca-config.json'], message: /^signet: certificate request: no PEM data found$/ },
    'a cluster file that is not YAML': { args: ['cluster', '--out', 'x', 'bad.yaml'], message: /^signet: bad\.yaml: invalid YAML/ },
  };
  for (const [name, tc] of Object.entries(cases)) {
    test(`reports ${name} in one line, exits non-zero and writes nothing`, () => {
      const beforeFiles = readdirSync(dir).sort();
      const r = run(signetBin, ['pki', ...tc.args], { cwd: dir });
      assert.notEqual(r.status, 0);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, tc.message);
      assert.deepEqual(readdirSync(dir).sort(), beforeFiles);
    });
  }
});
