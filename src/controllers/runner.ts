// Starts the controllers that run beside the API server (or against any API server with
// `signet controllers`), and stops them together.

import { RestClient, type RestConfig } from './rest-client.js';
import { SignerController, type CertificateIssuer } from './signer/signer-controller.js';
import { SigningPool } from './signer/signing-pool.js';
import { builtinPolicies, type SignerPolicy } from './signer/policies.js';
import { legacyUnknownSignerName } from '../api/signer-names.js';
import { CleanerController } from './cleaner/cleaner-controller.js';
import type { Logger } from '../apiserver/log.js';

/** What the controllers need. */
export interface ControllerOptions {
  readonly rest: RestConfig;
  /** The CA: PEM files' contents (signing then runs on worker threads), or an issuer to call directly. */
  readonly ca: { readonly certPem: string; readonly keyPem: string; readonly threads?: number } | CertificateIssuer;
  readonly maxDurationMs: number;
  /** Sign `kubernetes.io/legacy-unknown` too (kube-controller-manager did up to 1.21). */
  readonly signLegacyUnknown: boolean;
  /** How often the cleaner runs (kube-controller-manager: hourly). */
  readonly cleanerIntervalMs?: number;
  readonly log: Logger;
}

/** Running controllers. */
export interface RunningControllers {
  readonly signer: SignerController;
  readonly cleaner: CleanerController;
  stop(): Promise<void>;
}

/** Starts the signing controller for the built-in signer names and the cleaner. */
export function startControllers(opts: ControllerOptions): RunningControllers {
  const client = new RestClient({ ...opts.rest, userAgent: 'signet-controllers' });
  const policies = new Map<string, SignerPolicy>([...builtinPolicies].filter(([name]) => opts.signLegacyUnknown || name !== legacyUnknownSignerName));
  const pool = 'certPem' in opts.ca ? new SigningPool(opts.ca.certPem, opts.ca.keyPem, opts.ca.threads) : undefined;
  const signer = new SignerController({
    client,
    issuer: pool ?? (opts.ca as CertificateIssuer),
    policies,
    maxDurationMs: opts.maxDurationMs,
    onError: (what, err) => opts.log.warn('controller error', { what, error: (err as Error)?.message ?? String(err) }),
  });
  signer.start();
  const cleaner = new CleanerController({
    client,
    intervalMs: opts.cleanerIntervalMs,
    onDelete: (name, reason) => opts.log.info('deleted certificate signing request', { name, reason }),
    onError: (err) => opts.log.warn('controller error', { what: 'cleaning certificatesigningrequests', error: (err as Error)?.message ?? String(err) }),
  });
  cleaner.start();
  return {
    signer,
    cleaner,
    async stop() {
      await Promise.all([signer.stop(), cleaner.stop()]);
      await pool?.close();
      client.close();
    },
  };
}
