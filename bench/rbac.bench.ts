// RBAC benchmark: authorized CSR creates by a non-admin user (allowed through a ClusterRoleBinding
// to a group) on a server holding 1,000 Roles/ClusterRoles and 1,000 bindings, against an identical
// server holding only the default policy, measured side by side in one run, rounds alternating.
// The issue's bar: the loaded server costs at most 10% more per create. 127.0.0.1 only; every loop
// is bounded in count. Run: npx tsc -p . && node dist/bench/rbac.bench.js

import { request, Agent } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataDir } from '../src/cli/commands/serve/data-dir.js';
import { startApiServer, type RunningServer } from '../src/apiserver/start.js';
import { silentLogger } from '../src/runtime/log.js';
import { registryKey } from '../src/apiserver/registry/registry.js';
import { Issuer, keyIdOf, randomSerial } from '../src/pki/issuer.js';
import { createCsr, parseCsr } from '../src/pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair } from '../src/pki/keys.js';
import { buildName } from '../src/pki/name.js';
import { encodePem } from '../src/pki/pem.js';
import { resolveUsages } from '../src/pki/usages.js';
import { classifyHosts } from '../src/pki/general-name.js';
import { median } from './measure.js';

const rbac = 'rbac.authorization.k8s.io';
const admin = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const opts = { dryRun: false, manager: 'bench', apiVersion: `${rbac}/v1` };
const requestB64 = Buffer.from(encodePem('CERTIFICATE REQUEST', createCsr({ subject: buildName({ CN: 'bench-user' }).raw, privateKey: generateKeyPair('ecdsa-p256').privateKey }))).toString('base64');

interface Variant {
  readonly name: string;
  readonly server: RunningServer;
  readonly agent: Agent;
  readonly dir: string;
  created: number;
}

/** A client certificate for `cn` in `orgs`, from the data dir's CA. */
function clientCert(issuer: Issuer, cn: string, orgs: string[]): { cert: string; key: string } {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName({ CN: cn, O: orgs }).raw, privateKey }));
  const u = resolveUsages(['digital signature', 'client auth']);
  const now = Date.now();
  const der = issuer.issue({
    serialNumber: randomSerial(), subject: csr.subject.raw, publicKeyInfo: csr.publicKey.raw, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000),
    keyUsage: u.keyUsage, extKeyUsage: u.extKeyUsage, basicConstraints: { ca: false }, sans: classifyHosts([]), subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
  return { cert: encodePem('CERTIFICATE', der), key: encodePrivateKeyPem(privateKey) };
}

async function write(server: RunningServer, resource: string, namespace: string, obj: object): Promise<void> {
  await server.registry.get(registryKey(rbac, resource))!.create({ user: admin, now: new Date(), namespace, version: 'v1' }, obj as never, opts);
}

const bindingOf = (name: string, kind: string, role: string, subjects: object[]): object => ({ metadata: { name }, roleRef: { apiGroup: rbac, kind, name: role }, subjects });

/** 500 ClusterRoles + 500 Roles, 500 ClusterRoleBindings + 500 RoleBindings, to other users and groups (a few to everyone). */
async function load(server: RunningServer): Promise<void> {
  const rules = (i: number): object[] => [{ verbs: ['get', 'list'], apiGroups: [''], resources: [`things${i}`, 'configmaps'] }, { verbs: ['create'], apiGroups: ['example.com'], resources: ['widgets'], resourceNames: [`w${i}`] }];
  const subjects = (i: number): object[] => [
    { kind: 'User', apiGroup: rbac, name: `user-${i}` },
    { kind: 'Group', apiGroup: rbac, name: i % 100 === 0 ? 'system:authenticated' : `group-${i % 50}` },
    { kind: 'ServiceAccount', name: `sa-${i}`, namespace: 'default' },
  ];
  for (let i = 0; i < 500; i++) {
    await write(server, 'clusterroles', '', { metadata: { name: `bench-cr-${i}` }, rules: rules(i) });
    await write(server, 'roles', 'default', { metadata: { name: `bench-r-${i}` }, rules: rules(i) });
    await write(server, 'clusterrolebindings', '', bindingOf(`bench-crb-${i}`, 'ClusterRole', `bench-cr-${i}`, subjects(i)));
    await write(server, 'rolebindings', 'default', bindingOf(`bench-rb-${i}`, 'Role', `bench-r-${i}`, subjects(i)));
  }
}

async function start(name: string, loaded: boolean): Promise<Variant> {
  const dir = mkdtempSync(join(tmpdir(), `signet-rbac-bench-${name}-`));
  const dataDir = openDataDir(dir, { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
  const server = await startApiServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLogger });
  await write(server, 'clusterroles', '', { metadata: { name: 'csr-creator' }, rules: [{ verbs: ['create'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'] }] });
  await write(server, 'clusterrolebindings', '', bindingOf('csr-creators', 'ClusterRole', 'csr-creator', [{ kind: 'Group', apiGroup: rbac, name: 'csr-creators' }]));
  if (loaded) await load(server);
  const { cert, key } = clientCert(new Issuer(dataDir.ca, dataDir.caKey), 'bench-user', ['csr-creators']);
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: dataDir.caPem, cert, key });
  return { name, server, agent, dir, created: 0 };
}

function post(v: Variant, body: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: v.server.port, method: 'POST', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests', agent: v.agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** `count` creates from 8 concurrent clients; returns creates per second. */
async function round(v: Variant, count: number): Promise<number> {
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (count-- > 0) {
      const name = `bench-${v.created++}`;
      const status = await post(v, JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request: requestB64, signerName: 'example.com/bench', usages: ['client auth'] } }));
      if (status !== 201) throw new Error(`${v.name}: create ${name} answered ${status}`);
    }
  };
  const before = v.created;
  await Promise.all(Array.from({ length: 8 }, worker));
  return (v.created - before) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const none = await start('none', false);
  const loaded = await start('loaded', true);
  try {
    await round(none, 300);
    await round(loaded, 300);
    const rates: Record<string, number[]> = { none: [], loaded: [] };
    for (let i = 0; i < 7; i++) {
      const order = i % 2 === 0 ? [none, loaded] : [loaded, none];
      for (const v of order) rates[v.name]!.push(await round(v, 600));
    }
    const a = median(rates['none']!);
    const b = median(rates['loaded']!);
    const ratio = a / b;
    console.log(`authorized CSR creates/s, default policy only: ${a.toFixed(0)}`);
    console.log(`authorized CSR creates/s, +1,000 roles and 1,000 bindings: ${b.toFixed(0)}`);
    console.log(`cost ratio (loaded / none, per create): ${ratio.toFixed(3)} — ${ratio <= 1.1 ? 'within' : 'OVER'} the 10% bar`);
  } finally {
    for (const v of [none, loaded]) {
      v.agent.destroy();
      await v.server.close();
      rmSync(v.dir, { recursive: true, force: true });
    }
  }
}

await main();
