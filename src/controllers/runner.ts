// Starts the controllers that run beside the API server (or against any API server with
// `signet controllers`), and stops them together.

import type { Issuer } from '../pki/issuer.js';
import { RestClient, type RestConfig } from './rest-client.js';
import { SignerController } from './signer/signer-controller.js';
import { builtinPolicies, type SignerPolicy } from './signer/policies.js';
import { legacyUnknownSignerName } from '../api/signer-names.js';
import type { Logger } from '../apiserver/log.js';

/** What the controllers need. */
export interface ControllerOptions {
  readonly rest: RestConfig;
  readonly issuer: Issuer;
  readonly maxDurationMs: number;
  /** Sign `kubernetes.io/legacy-unknown` too (kube-controller-manager did up to 1.21). */
  readonly signLegacyUnknown: boolean;
  readonly log: Logger;
}

/** Running controllers. */
export interface RunningControllers {
  readonly signer: SignerController;
  stop(): Promise<void>;
}

/** Starts the signing controller for the built-in signer names. */
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
  return {
    signer,
    async stop() {
      await signer.stop();
      client.close();
    },
  };
}
