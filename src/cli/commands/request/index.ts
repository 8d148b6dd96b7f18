// `signet request`: the user's side in one command — a key made locally (it never leaves the
// machine), a CertificateSigningRequest, a wait for approval and signing, and the files to use
// the new identity: key, certificate, CA bundle and a kubeconfig.

import { join } from 'node:path';
import { formatFlagHelp, flag, flagAll, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { inOutputDir, writeAll } from '../../files.js';
import { defaultKubeconfigPath, renderKubeconfig, readKubeconfig } from '../../kubeconfig.js';
import { RestClient, type RestConfig } from '../../../controllers/rest-client.js';
import { StatusError } from '../../../api/errors.js';
import { allowedGroupsAnnotation, parseAllowedGroups } from '../../../api/annotations.js';
import type { CertificateSigningRequest } from '../../../api/certificates/types.js';
import { createCsr } from '../../../pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair, type KeyType } from '../../../pki/keys.js';
import { buildName } from '../../../pki/name.js';
import { classifyHosts } from '../../../pki/general-name.js';
import { encodePem } from '../../../pki/pem.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { PkiError } from '../../../pki/errors.js';
import { waitForCertificate } from './wait.js';

const specs: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'credentials to submit the request with (default $KUBECONFIG, then ~/.kube/config)' },
  name: { value: 'NAME', help: 'name of the CertificateSigningRequest (required)' },
  cn: { value: 'CN', help: 'common name: the user name the certificate authenticates as (required)' },
  group: { value: 'GROUP', repeat: true, help: 'a group the certificate puts the user in (repeatable; default: the groups a service account is allowed)' },
  dns: { value: 'NAME', repeat: true, help: 'DNS subject alternative name (repeatable)' },
  ip: { value: 'IP', repeat: true, help: 'IP subject alternative name (repeatable)' },
  'key-type': { value: 'TYPE', help: 'ecdsa (P-256, default), rsa (2048) or ed25519' },
  duration: { value: 'DURATION', help: 'requested validity, expirationSeconds (default 24h; at least 10m)' },
  signer: { value: 'NAME', help: 'signer name (default kubernetes.io/kube-apiserver-client)' },
  out: { value: 'DIR', help: 'directory for key.pem (0600), cert.pem, ca.pem and kubeconfig (required)' },
  timeout: { value: 'DURATION', help: 'how long to wait for approval and signing (default 10m)' },
};

/** Usage text. */
export const requestHelp = `Usage: signet request --name NAME --cn CN [--group G]... --out DIR [flags]

Makes a private key here, submits a certificate signing request for it, waits until it is
approved and signed (saying who must act), and writes DIR/key.pem, DIR/cert.pem, DIR/ca.pem and
DIR/kubeconfig for the new identity. A denied or failed request ends with the reason.

${formatFlagHelp(specs)}`;

const keyTypes: Readonly<Record<string, KeyType>> = { ecdsa: 'ecdsa-p256', rsa: 'rsa-2048', ed25519: 'ed25519' };

/** Runs the command. */
export async function request(argv: readonly string[], stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet request');
  const name = flag(parsed, 'name');
  const cn = flag(parsed, 'cn');
  const out = flag(parsed, 'out');
  if (!name || !cn || !out) throw new CliError('signet request: --name, --cn and --out are required (see --help)');
  const keyType = keyTypes[flag(parsed, 'key-type') ?? 'ecdsa'];
  if (!keyType) throw new CliError(`signet request: --key-type must be ecdsa, rsa or ed25519`);
  let durationMs: number;
  let timeoutMs: number;
  try {
    durationMs = parseGoDuration(flag(parsed, 'duration') ?? '24h', '--duration');
    timeoutMs = parseGoDuration(flag(parsed, 'timeout') ?? '10m', '--timeout');
  } catch (err) {
    throw new CliError((err as PkiError).message);
  }
  if (durationMs < 600_000) throw new CliError('signet request: --duration must be at least 10m (Kubernetes refuses shorter ones)');
  const kubeconfigPath = flag(parsed, 'kubeconfig') ?? defaultKubeconfigPath();
  const rest = readKubeconfig(kubeconfigPath);
  return inOutputDir(out, () => requestAndWrite({ parsed, rest, name, cn, out, keyType, durationMs, timeoutMs }, stdout, stderr));
}

/** What `signet request` was asked for, checked. */
interface Ask {
  readonly parsed: ReturnType<typeof parseFlags>;
  readonly rest: RestConfig;
  readonly name: string;
  readonly cn: string;
  readonly out: string;
  readonly keyType: KeyType;
  readonly durationMs: number;
  readonly timeoutMs: number;
}

/** Creates the request, waits for its certificate and writes the identity into `out`. */
async function requestAndWrite(ask: Ask, stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
  const { parsed, rest, name, cn, out, keyType, durationMs, timeoutMs } = ask;

  const client = new RestClient({ ...rest, userAgent: 'signet-request' });
  const groups = flagAll(parsed, 'group').length > 0 ? flagAll(parsed, 'group') : await allowedGroups(client);
  const { privateKey } = generateKeyPair(keyType);
  const der = createCsr({ subject: buildName({ CN: cn, O: groups }).raw, privateKey, sans: classifyHosts([...flagAll(parsed, 'dns'), ...flagAll(parsed, 'ip')]) });
  const signerName = flag(parsed, 'signer') ?? 'kubernetes.io/kube-apiserver-client';
  const usages = keyType === 'rsa-2048' ? ['digital signature', 'key encipherment', 'client auth'] : ['digital signature', 'client auth'];
  try {
    let created: CertificateSigningRequest;
    try {
      created = await client.call<CertificateSigningRequest>('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name },
        spec: { request: Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64'), signerName, usages, expirationSeconds: Math.round(durationMs / 1000) },
      });
    } catch (err) {
      throw requestError(err, rest.server);
    }
    stdout(`certificatesigningrequest ${name} created\n`);
    const certPem = await waitForCertificate(client, created, timeoutMs, (line) => stderr(line + '\n')).catch((err) => {
      throw requestError(err, rest.server);
    });
    const caPem = rest.caPem ?? '';
    const keyPem = encodePrivateKeyPem(privateKey);
    writeAll([
      { path: join(out, 'key.pem'), content: keyPem, mode: 0o600 },
      { path: join(out, 'cert.pem'), content: certPem },
      { path: join(out, 'ca.pem'), content: caPem },
      {
        path: join(out, 'kubeconfig'),
        mode: 0o600,
        content: renderKubeconfig({ clusterName: 'signet', server: rest.server, caPem, userName: cn, clientCertPem: certPem, clientKeyPem: keyPem, contextName: cn }),
      },
    ]);
    stdout(`wrote ${join(out, 'key.pem')}, cert.pem, ca.pem and kubeconfig\n`);
    return 0;
  } finally {
    client.close();
  }
}

/**
 * The groups the caller may request, when it is a service account annotated with them
 * (`signet user add --group`); none when that cannot be read.
 */
async function allowedGroups(client: RestClient): Promise<string[]> {
  try {
    const review = await client.call<{ status?: { userInfo?: { username?: string } } }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview',
    });
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(review.status?.userInfo?.username ?? '');
    if (!m) return [];
    const account = await client.call<{ metadata: { annotations?: Record<string, string> } }>('GET', `/api/v1/namespaces/${m[1]}/serviceaccounts/${m[2]}`);
    return parseAllowedGroups(account.metadata.annotations?.[allowedGroupsAnnotation]);
  } catch {
    return [];
  }
}

/** One line for a failure talking to the server. */
function requestError(err: unknown, server: string): Error {
  if (err instanceof CliError) return err;
  if (err instanceof StatusError) {
    // A 401 says nothing about which credential; name the usual causes so the user knows what to replace.
    if (err.status.code === 401) return new CliError(`${server} refused the kubeconfig's credentials (Unauthorized): the token or certificate is wrong, expired or its user was removed`);
    return new CliError(`the server refused: ${err.status.message ?? err.status.reason}`);
  }
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') return new CliError(`cannot reach ${server}: ${code}`);
  return new CliError(`talking to ${server}: ${(err as Error)?.message ?? String(err)}`);
}
