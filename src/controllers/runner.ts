// Starts the controllers that run beside the API server (or against any API server with
// `signet controllers`), and stops them together.

import type { Issuer } from '../pki/issuer.js';
import { RestClient, type RestConfig } from './rest-client.js';
import { SignerController } from './signer/signer-controller.js';
import { builtinPolicies, type SignerPolicy } from './signer/policies.js';
import { legacyUnknownSignerName } from '../api/signer-names.js';
import { CleanerController } from './cleaner/cleaner-controller.js';
import type { Logger } from '../apiserver/log.js';

/** What the controllers need. */
export interface ControllerOptions {
  readonly rest: RestConfig;
  readonly issuer: Issuer;
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
  const signer = new SignerController({
    client,
    issuer: opts.issuer,
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
      client.close();
    },
  };
}
