// `signet credential`: a kubectl exec credential plugin (client.authentication.k8s.io/v1). It
// hands kubectl a client certificate from its cache and renews it through a new CSR once two
// thirds of its lifetime have passed, authenticating the renewal with the current certificate
// (or, the first time, with the credentials of the bootstrap kubeconfig).

import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { formatFlagHelp, flag, flagAll, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { readKubeconfig } from '../../kubeconfig.js';
import { writeAll } from '../../files.js';
import { RestClient, type RestConfig } from '../../../controllers/rest-client.js';
import { StatusError } from '../../../api/errors.js';
import type { CertificateSigningRequest } from '../../../api/certificates/types.js';
import { createCsr } from '../../../pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair } from '../../../pki/keys.js';
import { buildName } from '../../../pki/name.js';
import { encodePem } from '../../../pki/pem.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { waitForCertificate } from '../request/wait.js';
import { acquireLock } from './lock.js';
import { formatTime } from '../../../api/meta.js';

/** The plugin's flags (written into kubeconfigs by `signet user kubeconfig`). */
export const credentialFlags: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'bootstrap credentials for the first request (a token or certificate kubeconfig)' },
  name: { value: 'NAME', help: 'name of the CertificateSigningRequest it (re)creates, e.g. user=alice' },
  cn: { value: 'CN', help: 'the user name the certificate authenticates as' },
  group: { value: 'GROUP', repeat: true, help: 'groups the certificate asks for (repeatable)' },
  duration: { value: 'DURATION', help: 'certificate lifetime to request (default 1h)' },
  signer: { value: 'NAME', help: 'signer name (default kubernetes.io/kube-apiserver-client)' },
  cache: { value: 'DIR', help: 'where the current key and certificate are kept (0700)' },
  timeout: { value: 'DURATION', help: 'how long a renewal may wait for approval and signing (default 2m)' },
};

/** Usage text. */
export const credentialHelp = `Usage: signet credential --kubeconfig FILE --name PREFIX --cn CN [--group G]... --cache DIR [flags]

A kubectl exec credential plugin; 'signet user kubeconfig' writes kubeconfigs that run it.
Prints an ExecCredential with a client certificate, renewing it through a new certificate signing
request once two thirds of its lifetime have passed. Concurrent runs share one renewal.

${formatFlagHelp(credentialFlags)}`;

const now = (): Date => new Date();
const csrCollection = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Cached {
  readonly certPem: string;
  readonly keyPem: string;
  readonly cert: X509Certificate;
}

function readCache(dir: string): Cached | undefined {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  try {
    const certPem = readFileSync(certFile, 'utf8');
    const keyPem = readFileSync(keyFile, 'utf8');
    const cert = new X509Certificate(certPem);
    return cert.checkPrivateKey(createPrivateKey(keyPem)) ? { certPem, keyPem, cert } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `c` is still good for use without renewal: less than two thirds of its life used. */
function isFresh(c: Cached, at: Date): boolean {
  const from = Date.parse(c.cert.validFrom);
  const to = Date.parse(c.cert.validTo);
  return at.getTime() < from + ((to - from) * 2) / 3;
}

function isValid(c: Cached, at: Date): boolean {
  return at.getTime() < Date.parse(c.cert.validTo) && at.getTime() >= Date.parse(c.cert.validFrom);
}

function execCredential(c: Cached, refreshAt: Date): string {
  return JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: {
      clientCertificateData: c.certPem,
      clientKeyData: c.keyPem,
      // kubectl asks again after this: the moment the plugin would renew.
      expirationTimestamp: formatTime(refreshAt),
    },
  }) + '\n';
}

function refreshTime(c: Cached): Date {
  const from = Date.parse(c.cert.validFrom);
  const to = Date.parse(c.cert.validTo);
  return new Date(from + ((to - from) * 2) / 3);
}

/** Runs the plugin. */
export async function credential(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, credentialFlags, 'signet credential');
  const kubeconfig = flag(parsed, 'kubeconfig');
  const prefix = flag(parsed, 'name');
  const cn = flag(parsed, 'cn');
  const cache = flag(parsed, 'cache');
  if (!kubeconfig || !prefix || !cn || !cache) throw new CliError('signet credential: --kubeconfig, --name, --cn and --cache are required (see --help)');
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  const current = readCache(cache);
  if (current && isFresh(current, now())) {
    stdout(execCredential(current, refreshTime(current)));
    return 0;
  }
  const release = await acquireLock(join(cache, 'renew.lock'), 5 * 60_000);
  try {
    // Another run may have renewed while this one waited for the lock.
    const again = readCache(cache);
    if (again && isFresh(again, now())) {
      stdout(execCredential(again, refreshTime(again)));
      return 0;
    }
    const renewed = await renew(parsed, kubeconfig, prefix, cn, cache, again);
    stdout(execCredential(renewed, refreshTime(renewed)));
    return 0;
  } finally {
    release();
  }
}

async function renew(parsed: ReturnType<typeof parseFlags>, kubeconfig: string, prefix: string, cn: string, cache: string, current: Cached | undefined): Promise<Cached> {
  const bootstrap = readKubeconfig(kubeconfig);
  // Renew with the current certificate while it is valid; with the bootstrap credentials
  // otherwise, or when the current identity may not create requests.
  if (current && isValid(current, now())) {
    try {
      return await submit(parsed, { server: bootstrap.server, caPem: bootstrap.caPem, certPem: current.certPem, keyPem: current.keyPem }, prefix, cn, cache);
    } catch (err) {
      if (!(err instanceof StatusError && (err.status.code === 401 || err.status.code === 403))) throw refusal(err);
    }
  }
  try {
    return await submit(parsed, bootstrap, prefix, cn, cache);
  } catch (err) {
    throw refusal(err);
  }
}

function refusal(err: unknown): unknown {
  if (!(err instanceof StatusError)) return err;
  return new CliError(err.status.code === 401 || err.status.code === 403
    ? `renewal refused (${err.status.reason}): ${err.status.message} — the account may have been removed`
    : `renewal failed: ${err.status.message}`);
}

async function submit(parsed: ReturnType<typeof parseFlags>, rest: RestConfig, prefix: string, cn: string, cache: string): Promise<Cached> {
  // `prefix` is the request's name (--name).
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const der = createCsr({ subject: buildName({ CN: cn, O: flagAll(parsed, 'group') }).raw, privateKey });
  const seconds = Math.round(parseGoDuration(flag(parsed, 'duration') ?? '1h', '--duration') / 1000);
  const client = new RestClient({ ...rest, userAgent: 'signet-credential' });
  try {
    // One request name per user, so that RBAC can allow exactly that name: the previous
    // request of the same name (already used) is replaced.
    const body = {
      metadata: { name: prefix },
      spec: {
        request: Buffer.from(encodePem('CERTIFICATE REQUEST', der)).toString('base64'),
        signerName: flag(parsed, 'signer') ?? 'kubernetes.io/kube-apiserver-client',
        usages: ['digital signature', 'client auth'],
        expirationSeconds: seconds,
      },
    };
    let created: CertificateSigningRequest;
    try {
      created = await client.call<CertificateSigningRequest>('POST', csrCollection, body);
    } catch (err) {
      if (!(err instanceof StatusError && err.status.code === 409)) throw err;
      await client.call('DELETE', `${csrCollection}/${encodeURIComponent(prefix)}`);
      created = await client.call<CertificateSigningRequest>('POST', csrCollection, body);
    }
    const certPem = await waitForCertificate(client, created, parseGoDuration(flag(parsed, 'timeout') ?? '2m', '--timeout'), (line) => process.stderr.write(`signet credential: ${line}\n`));
    const keyPem = encodePrivateKeyPem(privateKey);
    writeAll([{ path: join(cache, 'key.pem'), content: keyPem, mode: 0o600 }, { path: join(cache, 'cert.pem'), content: certPem, mode: 0o600 }]);
    return { certPem, keyPem, cert: new X509Certificate(certPem) };
  } finally {
    client.close();
  }
}
