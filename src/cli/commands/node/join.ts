// `signet node join`: a node's TLS bootstrap as a kubelet does it — pin the cluster CA by its
// hash, authenticate with a bootstrap token, request a kubelet client certificate (approved
// automatically by the node client approver) and optionally a kubelet serving certificate.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { formatFlagHelp, flag, flagAll, flagBool, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { inOutputDir, writeAll, type OutputFile } from '../../files.js';
import { renderKubeconfig } from '../../kubeconfig.js';
import { RestClient, type RestConfig } from '../../../controllers/rest-client.js';
import { StatusError } from '../../../api/errors.js';
import type { CertificateSigningRequest } from '../../../api/certificates/types.js';
import { createCsr } from '../../../pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair, publicKeyInfoOf } from '../../../pki/keys.js';
import { buildName } from '../../../pki/name.js';
import { classifyHosts } from '../../../pki/general-name.js';
import { encodePem } from '../../../pki/pem.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { waitForCertificate } from '../request/wait.js';
import { pinnedCa } from './ca-pin.js';

const specs: Record<string, FlagSpec> = {
  server: { value: 'URL', help: 'the API server, https://HOST:PORT (required)' },
  token: { value: 'ID.SECRET', help: 'a bootstrap token from signet token create (required)' },
  'ca-cert-hash': { value: 'sha256:HEX', help: 'pin of the cluster CA: SHA-256 of its SubjectPublicKeyInfo (required)' },
  name: { value: 'NODE', help: 'the node name (required)' },
  out: { value: 'DIR', help: 'where to write kubelet-client.key/.crt, ca.crt and kubelet.kubeconfig (required)' },
  serving: { bool: true, help: 'also request a kubelet serving certificate (kubelet-serving; approved by a person)' },
  dns: { value: 'NAME', repeat: true, help: 'DNS name for the serving certificate (default: the node name)' },
  ip: { value: 'IP', repeat: true, help: 'IP address for the serving certificate (repeatable)' },
  timeout: { value: 'DURATION', help: 'how long to wait for each certificate (default 5m)' },
};

/** Usage text. */
export const nodeJoinHelp = `Usage: signet node join --server URL --token ID.SECRET --ca-cert-hash sha256:HEX --name NODE --out DIR [--serving]

Bootstraps a node identity as a kubelet does: the CA is pinned before the token is sent, the
client certificate (system:node:NODE in system:nodes) is approved automatically.

${formatFlagHelp(specs)}`;

async function requestCertificate(client: RestClient, name: string, signerName: string, der: Uint8Array, usages: string[], timeoutMs: number): Promise<string> {
  let created: CertificateSigningRequest;
  try {
    created = await client.call<CertificateSigningRequest>('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
      metadata: { name },
      spec: { request: Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64'), signerName, usages },
    });
  } catch (err) {
    if (err instanceof StatusError) {
      throw new CliError(err.status.code === 401 ? 'the server refused the bootstrap token (unknown or expired)' : `the server refused: ${err.status.message}`);
    }
    throw err;
  }
  return waitForCertificate(client, created, timeoutMs, (line) => process.stderr.write(`signet node join: ${line}\n`));
}

/** Runs the command. */
export async function nodeJoin(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet node join');
  const server = flag(parsed, 'server');
  const token = flag(parsed, 'token');
  const pin = flag(parsed, 'ca-cert-hash');
  const node = flag(parsed, 'name');
  const out = flag(parsed, 'out');
  if (!server || !token || !pin || !node || !out) throw new CliError('signet node join: --server, --token, --ca-cert-hash, --name and --out are required (see --help)');
  if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) throw new CliError('--token must look like abcdef.0123456789abcdef (from signet token create)');
  const timeoutMs = parseGoDuration(flag(parsed, 'timeout') ?? '5m', '--timeout');
  const caPem = await pinnedCa(server, pin);
  return inOutputDir(out, () => bootstrapNode({ parsed, server, token, caPem, node, out, timeoutMs }, stdout));
}

/** What `signet node join` was asked for, with the pinned CA. */
interface Join {
  readonly parsed: ReturnType<typeof parseFlags>;
  readonly server: string;
  readonly token: string;
  readonly caPem: string;
  readonly node: string;
  readonly out: string;
  readonly timeoutMs: number;
}

/** The kubelet's TLS bootstrap: a client certificate with the token, then optionally a serving one as the node. */
async function bootstrapNode(j: Join, stdout: (s: string) => void): Promise<number> {
  const { parsed, server, token, caPem, node, out, timeoutMs } = j;
  const bootstrap = new RestClient({ server, caPem, token, userAgent: 'signet-node-join' } satisfies RestConfig);
  const key = generateKeyPair('ecdsa-p256').privateKey;
  const keyPem = encodePrivateKeyPem(key);
  // A stable name from the key, as the kubelet's, so a retry finds its own request.
  const csrName = `node-csr-${createHash('sha256').update(publicKeyInfoOf(key)).digest('base64url').slice(0, 24)}`;
  const clientDer = createCsr({ subject: buildName({ O: ['system:nodes'], CN: `system:node:${node}` }).raw, privateKey: key });
  let clientCert: string;
  try {
    clientCert = await requestCertificate(bootstrap, csrName, 'kubernetes.io/kube-apiserver-client-kubelet', clientDer, ['digital signature', 'client auth'], timeoutMs);
  } finally {
    bootstrap.close();
  }
  const files: OutputFile[] = [
    { path: join(out, 'kubelet-client.key'), content: keyPem, mode: 0o600 },
    { path: join(out, 'kubelet-client.crt'), content: clientCert },
    { path: join(out, 'ca.crt'), content: caPem },
    { path: join(out, 'kubelet.kubeconfig'), mode: 0o600, content: renderKubeconfig({ clusterName: 'signet', server, caPem, userName: `system:node:${node}`, clientCertPem: clientCert, clientKeyPem: keyPem }) },
  ];
  if (flagBool(parsed, 'serving')) {
    const nodeClient = new RestClient({ server, caPem, certPem: clientCert, keyPem, userAgent: 'signet-node-join' });
    try {
      const servingKey = generateKeyPair('ecdsa-p256').privateKey;
      const hosts = [...(flagAll(parsed, 'dns').length ? flagAll(parsed, 'dns') : [node]), ...flagAll(parsed, 'ip')];
      const der = createCsr({ subject: buildName({ O: ['system:nodes'], CN: `system:node:${node}` }).raw, privateKey: servingKey, sans: classifyHosts(hosts) });
      const servingCert = await requestCertificate(nodeClient, `${csrName}-serving`, 'kubernetes.io/kubelet-serving', der, ['digital signature', 'server auth'], timeoutMs);
      files.push({ path: join(out, 'kubelet-serving.key'), content: encodePrivateKeyPem(servingKey), mode: 0o600 }, { path: join(out, 'kubelet-serving.crt'), content: servingCert });
    } finally {
      nodeClient.close();
    }
  }
  writeAll(files);
  stdout(`node ${node} joined: ${join(out, 'kubelet.kubeconfig')}\n`);
  return 0;
}
