// `signet serve`: the API server on its data directory — first start initialises it, every
// start writes admin.kubeconfig for the bound address, SIGTERM drains and closes cleanly.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { parseHostPort } from '../../listen.js';
import { isKeyType } from '../../../pki/keys.js';
import { parseIp } from '../../../pki/ip.js';
import { controllerUser, openDataDir } from './data-dir.js';
import { InProcessClient } from '../../../apiserver/in-process-client.js';
import { mergeKubeconfig, serverUrl } from '../../kubeconfig.js';
import { startApiServer } from '../../../apiserver/start.js';
import { StoreLockedError } from '../../../storage/store.js';
import { Metrics } from '../../../runtime/metrics.js';
import { jsonLogger } from '../../../runtime/log.js';
import { EventLoopWatchdog } from '../../../apiserver/event-loop-watchdog.js';
import { startControllers } from '../../../controllers/runner.js';
import { recordLeaderStatus } from '../../../controllers/metrics.js';
import { clusterSigningDuration, readControllersConfig } from '../controllers/options.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';
import { loadTokenFile, TokenFileError } from '../../../apiserver/authn/token-file.js';
import { EncryptionConfigError, parseEncryptionConfig, type EncryptionRule } from '../../../storage/encryption/config.js';
import { DecryptError } from '../../../storage/encryption/providers.js';

function checkTokenFile(path: string): void {
  try {
    loadTokenFile(path);
  } catch (err) {
    if (err instanceof TokenFileError) throw new CliError(`--token-auth-file: ${err.message}`);
    throw err;
  }
}

const specs: Record<string, FlagSpec> = {
  'data-dir': { value: 'DIR', help: 'data directory (default ./signet-data)' },
  listen: { value: 'HOST:PORT', help: 'address to listen on (default 127.0.0.1:6443; port 0 picks a free one)' },
  'ca-key-type': { value: 'TYPE', help: 'key type of a new cluster CA: ecdsa-p256 (default), ecdsa-p384, rsa-2048, rsa-3072, rsa-4096, ed25519' },
  'cluster-signing-cert-file': { value: 'FILE', help: 'use this CA certificate instead of generating one' },
  'cluster-signing-key-file': { value: 'FILE', help: 'the key of --cluster-signing-cert-file' },
  controllers: { bool: true, help: 'run the signing controller in this process (default true; --controllers=false turns it off)' },
  'cluster-signing-duration': { value: 'DURATION', help: 'longest validity the signer issues (default 8760h)' },
  'controllers-config': { value: 'FILE', help: 'custom signers and approval policies for the in-process controllers (YAML; see the README)' },
  'csr-cleaner-interval': { value: 'DURATION', help: 'how often old requests are garbage-collected (default 1h)' },
  'event-ttl': { value: 'DURATION', help: 'how long Events are kept after their last change; they live in memory (default 1h)' },
  'encryption-provider-config': { value: 'FILE', help: "which resources are encrypted at rest, as kube-apiserver's EncryptionConfiguration (aescbc, aesgcm, secretbox, identity)" },
  'crl-url': { value: 'URL', help: 'the address clients reach this server at (https://host:port); certificates of the cluster CA then name <URL>/crl/<signer name> as their CRL distribution point' },
  'sign-legacy-unknown': { bool: true, help: 'also sign kubernetes.io/legacy-unknown requests (as kube-controller-manager did up to 1.21)' },
  'token-auth-file': { value: 'FILE', help: "bearer tokens as kube-apiserver's CSV: token,user,uid,\"group1,group2\"" },
  quiet: { bool: true, help: 'log only warnings and errors' },
};

/** The --encryption-provider-config file, parsed and checked; undefined without the flag. */
function readEncryptionConfig(path: string | undefined): EncryptionRule[] | undefined {
  if (path === undefined) return undefined;
  try {
    return parseEncryptionConfig(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof EncryptionConfigError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CliError(`--encryption-provider-config ${path}: ${why}`);
  }
}

/** Usage text. */
export const serveHelp = `Usage: signet serve [--data-dir DIR] [--listen HOST:PORT] [flags]

Runs the API server. The first start initialises DIR (cluster CA, serving certificate, admin
credentials, database); every start writes DIR/admin.kubeconfig for the address it bound.

${formatFlagHelp(specs)}`;

/** How long SIGTERM waits for requests in flight; a loop held longer than this ends the process. */
const drainPeriodMs = 10_000;

/** Runs the server until SIGTERM or SIGINT; resolves to the exit code. */
export async function serve(argv: readonly string[], stdout: (s: string) => void): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet serve');
  if (parsed.args.length > 0) throw new CliError(`signet serve: unexpected argument "${parsed.args[0]}"`);
  const { host, port } = parseHostPort(flag(parsed, 'listen') ?? '127.0.0.1:6443', 'listen');
  const caKeyType = flag(parsed, 'ca-key-type') ?? 'ecdsa-p256';
  if (!isKeyType(caKeyType)) throw new CliError(`--ca-key-type: unknown key type "${caKeyType}"`);
  const log = jsonLogger((line) => process.stderr.write(line), parsed.values.has('quiet'));
  const servingHosts = ['localhost', '127.0.0.1', ...(host !== '0.0.0.0' && host !== '::' && host !== '' ? [host] : [])];
  if (!parseIp(host) && host !== 'localhost') servingHosts.push(host);
  // Every flag and file is checked before the data directory is made, so that bad input leaves nothing behind.
  const controllersConfig = readControllersConfig(flag(parsed, 'controllers-config'));
  const signingDuration = clusterSigningDuration(parsed);
  const cleanerIntervalMs = parseGoDuration(flag(parsed, 'csr-cleaner-interval') ?? '1h', '--csr-cleaner-interval');
  const eventTtlMs = parseGoDuration(flag(parsed, 'event-ttl') ?? '1h', '--event-ttl');
  const encryption = readEncryptionConfig(flag(parsed, 'encryption-provider-config'));
  const crlUrl = flag(parsed, 'crl-url');
  if (crlUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(crlUrl)) throw new CliError(`--crl-url ${crlUrl}: not an http(s) URL`);
  // Read here too, so that a bad file is a CLI error before anything listens.
  const tokenAuthFile = flag(parsed, 'token-auth-file');
  if (tokenAuthFile !== undefined) checkTokenFile(tokenAuthFile);
  const dataDir = openDataDir(flag(parsed, 'data-dir') ?? './signet-data', {
    caKeyType,
    clusterSigningCertFile: flag(parsed, 'cluster-signing-cert-file'),
    clusterSigningKeyFile: flag(parsed, 'cluster-signing-key-file'),
    servingHosts: [...new Set(servingHosts)],
  }, new Date());

  // One registry for both, so that /metrics shows requests, signing and queue depth together.
  const metrics = new Metrics();
  let watchdog: EventLoopWatchdog | undefined;
  const running = await startApiServer({ dataDir, host, port, log, tokenAuthFile, metrics, eventTtlMs, encryption, livenessFailure: () => watchdog?.livezFailure() }).catch((err: unknown) => {
    // Not a bug: the operator started a second server on the same directory.
    if (err instanceof StoreLockedError) throw new CliError(`${err.message}; stop it first, or give this one another --data-dir`);
    if (err instanceof DecryptError) throw new CliError(`--encryption-provider-config: cannot read what is stored: ${err.message}`);
    throw err;
  });
  // Watching starts once serving does: startup's own work is not a stall.
  watchdog = new EventLoopWatchdog({ stallLimitMs: drainPeriodMs });
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const kubeconfigPath = join(dataDir.dir, 'admin.kubeconfig');
  // kubeadm's cluster name, so that the tutorials' `kubectl config set-context … --cluster=kubernetes`
  // works as written; contexts a user added to this file survive the restart (mergeKubeconfig).
  const kubeconfig = mergeKubeconfig(existsSync(kubeconfigPath) ? readFileSync(kubeconfigPath, 'utf8') : undefined, {
    clusterName: 'kubernetes',
    server: serverUrl(clientHost, running.port),
    caPem: dataDir.caPem,
    userName: 'admin',
    clientCertPem: dataDir.adminCertPem,
    clientKeyPem: dataDir.adminKeyPem,
    contextName: 'signet',
  });
  const partial = `${kubeconfigPath}.tmp`;
  writeFileSync(partial, kubeconfig, { mode: 0o600 });
  renameSync(partial, kubeconfigPath);
  const controllers = flag(parsed, 'controllers') === 'false'
    ? undefined
    : startControllers({
        // In-process: the registry's own path, as the controllers' user, with no loopback HTTPS.
        client: new InProcessClient({
          registry: running.registry,
          authorizer: running.authorizer,
          user: { username: controllerUser.username, groups: [...controllerUser.organizations, 'system:authenticated'] },
          userAgent: 'signet-controllers',
        }),
        // Signing runs on worker threads holding the CA, so that both cores sign.
        ca: { certPem: dataDir.caPem, keyPem: readFileSync(dataDir.caKeyFile, 'utf8') },
        maxDurationMs: signingDuration,
        signLegacyUnknown: flag(parsed, 'sign-legacy-unknown') === 'true',
        cleanerIntervalMs,
        log,
        config: controllersConfig,
        rootCaBundle: dataDir.caPem,
        metrics,
        crlBaseUrl: crlUrl,
      });
  // In this process the controllers are the only set: they always lead.
  if (controllers) recordLeaderStatus(metrics, () => true);
  log.info('serving', { address: `${clientHost}:${running.port}`, dataDir: dataDir.dir, controllers: controllers !== undefined });
  stdout(`export KUBECONFIG=${kubeconfigPath}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info('shutting down', { signal });
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve();
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  // The signal may have waited behind a held loop; what that took comes off the drain period.
  // The server drains while the controllers stop: new connections are refused at once, and
  // requests in flight finish with their connections closed behind them.
  const grace = watchdog.graceLeft(drainPeriodMs);
  await Promise.all([running.server.close(grace), controllers?.stop()]);
  await running.close(grace);
  watchdog.stop();
  return 0;
}
