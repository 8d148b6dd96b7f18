// `signet controllers`: the signing controller and the cleaner against any Kubernetes-compatible
// API server, reached through a kubeconfig — as kube-controller-manager's csrsigning and
// csrcleaner run beside kube-apiserver.

import { readFileSync } from 'node:fs';
import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { readKubeconfig } from '../../kubeconfig.js';
import { startControllers } from '../../../controllers/runner.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { parseCertificatesPem } from '../../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../../pki/keys.js';
import { Issuer } from '../../../pki/issuer.js';
import { jsonLogger } from '../../../apiserver/log.js';
import { ConfigError, loadControllersConfig } from '../../../controllers/config.js';

const specs: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'kubeconfig of the API server to work against (required)' },
  context: { value: 'NAME', help: 'context of the kubeconfig (default: its current-context)' },
  'cluster-signing-cert-file': { value: 'FILE', help: 'CA certificate the signer issues with (required)' },
  'cluster-signing-key-file': { value: 'FILE', help: 'key of that CA (required)' },
  'cluster-signing-duration': { value: 'DURATION', help: 'longest validity the signer issues (default 8760h)' },
  'sign-legacy-unknown': { bool: true, help: 'also sign kubernetes.io/legacy-unknown requests' },
  'csr-cleaner-interval': { value: 'DURATION', help: 'how often old requests are garbage-collected (default 1h)' },
  config: { value: 'FILE', help: 'custom signers and approval policies (YAML; see the README)' },
  'signing-threads': { value: 'N', help: 'worker threads that sign (default: one per core)' },
  quiet: { bool: true, help: 'log only warnings and errors' },
};

/** Usage text. */
export const controllersHelp = `Usage: signet controllers --kubeconfig FILE --cluster-signing-cert-file FILE --cluster-signing-key-file FILE [flags]

Runs the certificate signing controller and the cleaner against the API server of FILE, using
only its API (list, watch, /status writes, deletes). Stops cleanly on SIGTERM or SIGINT.

${formatFlagHelp(specs)}`;

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** Runs until SIGTERM or SIGINT. */
export async function controllers(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet controllers');
  const kubeconfig = flag(parsed, 'kubeconfig');
  const certFile = flag(parsed, 'cluster-signing-cert-file');
  const keyFile = flag(parsed, 'cluster-signing-key-file');
  if (!kubeconfig || !certFile || !keyFile) throw new CliError('signet controllers: --kubeconfig, --cluster-signing-cert-file and --cluster-signing-key-file are required (see --help)');
  const rest = readKubeconfig(kubeconfig, flag(parsed, 'context'));
  const certPem = readFile(certFile, 'cluster signing certificate');
  const keyPem = readFile(keyFile, 'cluster signing key');
  const certs = parseCertificatesPem(certPem, certFile);
  if (certs.length !== 1) throw new CliError(`${certFile}: expected 1 certificate, found ${certs.length}`);
  try {
    new Issuer(certs[0]!, decodePrivateKeyPem(keyPem, keyFile));
  } catch {
    throw new CliError(`cluster signing key ${keyFile} does not match the certificate ${certFile}`);
  }
  const threads = flag(parsed, 'signing-threads');
  const configFile = flag(parsed, 'config');
  let config;
  try {
    config = configFile ? loadControllersConfig(configFile) : undefined;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
  const running = startControllers({
    rest,
    ca: { certPem, keyPem, threads: threads ? Number(threads) : undefined },
    maxDurationMs: parseGoDuration(flag(parsed, 'cluster-signing-duration') ?? '8760h', '--cluster-signing-duration'),
    signLegacyUnknown: flag(parsed, 'sign-legacy-unknown') === 'true',
    cleanerIntervalMs: parseGoDuration(flag(parsed, 'csr-cleaner-interval') ?? '1h', '--csr-cleaner-interval'),
    log: jsonLogger((line) => process.stderr.write(line), parsed.values.has('quiet')),
    config,
  });
  stdout(`controllers running against ${rest.server}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await running.stop();
  return 0;
}
