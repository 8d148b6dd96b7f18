// `signet controllers`: the signers, approvers and cleaner against any Kubernetes-compatible API
// server, reached through a kubeconfig — as kube-controller-manager's csrsigning, csrapproving
// and csrcleaner run beside kube-apiserver.

import { readFileSync } from 'node:fs';
import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { readKubeconfig } from '../../kubeconfig.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { startControllers, type RunningControllers } from '../../../controllers/runner.js';
import { LeaderElector } from '../../../controllers/leader-election.js';
import { HttpApiClient } from '../../../controllers/client/http-client.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { parseCertificatesPem } from '../../../pki/certificate.js';
import { decodePrivateKeyPem } from '../../../pki/keys.js';
import { Issuer } from '../../../pki/issuer.js';
import { jsonLogger } from '../../../runtime/log.js';
import { clusterSigningDuration, readControllersConfig } from './options.js';
import { serveMetrics } from './metrics-server.js';
import { hostPort, parseHostPort } from '../../listen.js';
import { Metrics } from '../../../runtime/metrics.js';
import { recordLeaderStatus } from '../../../controllers/metrics.js';

const specs: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'kubeconfig of the API server to work against (required)' },
  context: { value: 'NAME', help: 'context of the kubeconfig (default: its current-context)' },
  'cluster-signing-cert-file': { value: 'FILE', help: 'CA certificate the signer issues with (required)' },
  'cluster-signing-key-file': { value: 'FILE', help: 'key of that CA (required)' },
  'cluster-signing-duration': { value: 'DURATION', help: 'longest validity the signer issues (default 8760h)' },
  'sign-legacy-unknown': { bool: true, help: 'also sign kubernetes.io/legacy-unknown requests' },
  'csr-cleaner-interval': { value: 'DURATION', help: 'how often old requests are garbage-collected (default 1h)' },
  config: { value: 'FILE', help: 'custom signers and approval policies (YAML; see the README)' },
  'signing-threads': { value: 'N', help: 'worker threads that sign with an RSA CA (default: one per core)' },
  'leader-elect': { bool: true, help: 'run only while holding the kube-system/signet-controllers Lease (default true; --leader-elect=false to run unconditionally)' },
  'leader-elect-lease-duration': { value: 'DURATION', help: 'how long a leader may go without renewing before others take over (default 15s)' },
  'leader-elect-renew-deadline': { value: 'DURATION', help: 'how long a leader keeps trying to renew before it stops (default 10s)' },
  'leader-elect-retry-period': { value: 'DURATION', help: 'how often candidates try (default 2s)' },
  'metrics-bind-address': { value: 'HOST:PORT', help: 'serve /metrics over plain HTTP there (port 0: a free one; default: not served)' },
  quiet: { bool: true, help: 'log only warnings and errors' },
};

/** Usage text. */
export const controllersHelp = `Usage: signet controllers --kubeconfig FILE --cluster-signing-cert-file FILE --cluster-signing-key-file FILE [flags]

Runs the signers, the node client and policy approvers, the cleaner and the trust-bundle
publishers against the API server of FILE, using only its API (list, watch, /approval and
/status writes, events, deletes), one process at a time when several run (leader election).
Stops cleanly on SIGTERM or SIGINT.

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
  const config = readControllersConfig(flag(parsed, 'config'));
  const metricsAddress = flag(parsed, 'metrics-bind-address');
  const metricsListen = metricsAddress === undefined ? undefined : parseHostPort(metricsAddress, 'metrics-bind-address');
  const log = jsonLogger((line) => process.stderr.write(line), parsed.values.has('quiet'));
  // Signing, queues and requests by condition, kept across leadership changes.
  const metrics = new Metrics();
  const options = {
    client: new HttpApiClient({ ...rest, userAgent: 'signet-controllers' }),
    ca: { certPem, keyPem, threads: threads ? Number(threads) : undefined },
    maxDurationMs: clusterSigningDuration(parsed),
    signLegacyUnknown: flag(parsed, 'sign-legacy-unknown') === 'true',
    cleanerIntervalMs: parseGoDuration(flag(parsed, 'csr-cleaner-interval') ?? '1h', '--csr-cleaner-interval'),
    log,
    config,
    rootCaBundle: rest.caPem,
    metrics,
  };
  let running: RunningControllers | undefined;
  let elector: LeaderElector | undefined;
  let electionClient: HttpApiClient | undefined;
  recordLeaderStatus(metrics, () => (elector ? elector.isLeader : running !== undefined));
  // Bound first: an address in use is an error before anything runs.
  const metricsServer = metricsListen ? await serveMetrics(metrics, metricsListen.host, metricsListen.port) : undefined;
  if (flag(parsed, 'leader-elect') === 'false') {
    running = startControllers(options);
  } else {
    electionClient = new HttpApiClient({ ...rest, userAgent: 'signet-controllers-election' });
    const identity = `${hostname()}_${process.pid}_${randomBytes(4).toString('hex')}`;
    const duration = (name: string, fallback: string): number => parseGoDuration(flag(parsed, name) ?? fallback, `--${name}`);
    elector = new LeaderElector({
      client: electionClient,
      identity,
      leaseDurationMs: duration('leader-elect-lease-duration', '15s'),
      renewDeadlineMs: duration('leader-elect-renew-deadline', '10s'),
      retryPeriodMs: duration('leader-elect-retry-period', '2s'),
      onStartedLeading: () => {
        log.info('became the leader', { identity });
        running = startControllers(options);
      },
      onStoppedLeading: async () => {
        log.warn('stopped leading', { identity });
        // Forget this set before awaiting its stop, so a later one started meanwhile is not lost.
        const stopping = running;
        running = undefined;
        await stopping?.stop();
      },
      onError: (err) => log.warn('leader election', { error: (err as Error)?.message ?? String(err) }),
    });
    elector.start();
  }
  stdout(`controllers running against ${rest.server}${elector ? ' (leader election on)' : ''}\n`);
  if (metricsServer) stdout(`metrics at http://${hostPort(metricsListen!.host, metricsServer.port)}/metrics\n`);
  // A follower has nothing else keeping the process alive while it waits for its turn.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  clearInterval(keepAlive);
  await elector?.stop();
  await running?.stop();
  options.client.close();
  electionClient?.close();
  await new Promise((resolve) => (metricsServer ? metricsServer.server.close(resolve) : resolve(undefined)));
  return 0;
}
