// Starts the controllers that run beside the API server (or against any API server with
// `signet controllers`), and stops them together.

import { RestClient, type RestConfig } from './rest-client.js';
import { SignerController, type CertificateIssuer } from './signer/signer-controller.js';
import { SigningPool } from './signer/signing-pool.js';
import { builtinPolicies, type SignerPolicy } from './signer/policies.js';
import { legacyUnknownSignerName } from '../api/signer-names.js';
import { CleanerController } from './cleaner/cleaner-controller.js';
import { ApproverController } from './approver/approver-controller.js';
import { NodeClientApprover } from './approver/node-approver.js';
import type { ControllersConfig } from './config.js';
import { customSignerPolicy } from './signer/custom-policy.js';
import { signerCa } from './signer/signer-ca.js';
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
  /** Custom signers and approval policies. */
  readonly config?: ControllersConfig;
  readonly log: Logger;
}

/** Running controllers. */
export interface RunningControllers {
  readonly signer: SignerController;
  readonly customSigners: readonly SignerController[];
  readonly approver?: ApproverController;
  readonly nodeApprover: NodeClientApprover;
  readonly cleaner: CleanerController;
  stop(): Promise<void>;
}

/** Starts the signer for the built-in names, one per configured custom signer, the node client and policy approvers, and the cleaner. */
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
  const onError = (what: string, err: unknown): void => opts.log.warn('controller error', { what, error: (err as Error)?.message ?? String(err) });
  const pools: SigningPool[] = [];
  const customSigners = (opts.config?.signers ?? []).map((cfg) => {
    const ca = signerCa(cfg, new Date());
    const customPool = new SigningPool(ca.certPem, ca.keyPem, 'certPem' in opts.ca ? opts.ca.threads : 1);
    pools.push(customPool);
    const c = new SignerController({ client, issuer: customPool, policies: new Map([[cfg.name, customSignerPolicy(cfg)]]), maxDurationMs: cfg.maxDurationMs, onError });
    c.start();
    return c;
  });
  const approver = opts.config && opts.config.approvalPolicies.length > 0
    ? new ApproverController({
        client,
        policies: opts.config.approvalPolicies,
        privilegedGroups: opts.config.privilegedGroups,
        onDecision: (name, kind, message) => opts.log.info(kind === 'approve' ? 'approved certificate signing request' : 'denied certificate signing request', { name, message }),
        onError,
      })
    : undefined;
  approver?.start();
  const nodeApprover = new NodeClientApprover({ client, onError });
  nodeApprover.start();
  const cleaner = new CleanerController({
    client,
    intervalMs: opts.cleanerIntervalMs,
    onDelete: (name, reason) => opts.log.info('deleted certificate signing request', { name, reason }),
    onError: (err) => opts.log.warn('controller error', { what: 'cleaning certificatesigningrequests', error: (err as Error)?.message ?? String(err) }),
  });
  cleaner.start();
  return {
    signer,
    customSigners,
    approver,
    nodeApprover,
    cleaner,
    async stop() {
      await Promise.all([signer.stop(), cleaner.stop(), approver?.stop(), nodeApprover.stop(), ...customSigners.map((c) => c.stop())]);
      await Promise.all([pool?.close(), ...pools.map((p) => p.close())]);
      client.close();
    },
  };
}
