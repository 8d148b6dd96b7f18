// Starts the controllers that run beside the API server (or against any API server with
// `signet controllers`), and stops them together.

import type { ApiClient } from '../api/client.js';
import { SignerController } from './signer/signer-controller.js';
import { SigningPool } from './signer/signing-pool.js';
import { EventRecorder } from './events.js';
import { RootCaPublisher } from './root-ca/root-ca-publisher.js';
import { startTrustBundlePublisher, type PublishedSigner } from './trust-bundle/publisher.js';
import type { Metrics } from '../runtime/metrics.js';
import { builtinPolicies, type SignerPolicy } from './signer/policies.js';
import { legacyUnknownSignerName } from '../api/certificates/signer-names.js';
import { CleanerController } from './cleaner/cleaner-controller.js';
import { csrInformer } from './csr-controller.js';
import { ApproverController } from './approver/approver-controller.js';
import { NodeClientApprover } from './approver/node-approver.js';
import { PolicySource } from './approver/policy-source.js';
import { recordRequestsByCondition } from './metrics.js';
import { defaultPrivilegedGroups, type ControllersConfig } from './config.js';
import { customSignerPolicy } from './signer/custom-policy.js';
import { signerCa } from './signer/signer-ca.js';
import type { Logger } from '../runtime/log.js';

/** What the controllers need. */
export interface ControllerOptions {
  /** How the controllers reach objects: over HTTPS, or in-process inside `signet serve`. */
  readonly client: ApiClient;
  /** The CA as PEM; signing runs on `threads` worker threads (default: one per core). */
  readonly ca: { readonly certPem: string; readonly keyPem: string; readonly threads?: number };
  readonly maxDurationMs: number;
  /** Sign `kubernetes.io/legacy-unknown` too (kube-controller-manager did up to 1.21). */
  readonly signLegacyUnknown: boolean;
  /** How often the cleaner runs (kube-controller-manager: hourly). */
  readonly cleanerIntervalMs?: number;
  /** Custom signers and approval policies. */
  readonly config?: ControllersConfig;
  /** The cluster CA bundle to publish as kube-root-ca.crt in every namespace. */
  readonly rootCaBundle?: string;
  /** Where signing and queue metrics go (the server's /metrics when in process). */
  readonly metrics?: Metrics;
  readonly log: Logger;
  /**
   * `--crl-url`: the address the API server's CRLs are reached at; the cluster CA's certificates
   * then name `<url>/crl/<signer name>` as their CRL distribution point.
   */
  readonly crlBaseUrl?: string;
}

/** Running controllers. */
export interface RunningControllers {
  readonly signer: SignerController;
  readonly customSigners: readonly SignerController[];
  readonly approver: ApproverController;
  readonly nodeApprover: NodeClientApprover;
  readonly cleaner: CleanerController;
  stop(): Promise<void>;
}

/** Starts the signer for the built-in names, one per configured custom signer, the node client and policy approvers, and the cleaner. */
export function startControllers(opts: ControllerOptions): RunningControllers {
  const client = opts.client;
  const onError = (what: string, err: unknown): void => opts.log.warn('controller error', { what, error: (err as Error)?.message ?? String(err) });
  const events = new EventRecorder(client, 'signet-controllers', (err) => onError('recording an event', err));
  // One list and one watch of the requests, shared by every CSR controller.
  const informer = csrInformer(client, onError);
  const common = { client, events, onError, informer };

  const builtin = new Map<string, SignerPolicy>([...builtinPolicies].filter(([name]) => opts.signLegacyUnknown || name !== legacyUnknownSignerName));
  const pools: SigningPool[] = [];
  const pool = (certPem: string, keyPem: string): SigningPool => {
    const p = new SigningPool(certPem, keyPem, opts.ca.threads);
    pools.push(p);
    return p;
  };
  const crlBase = opts.crlBaseUrl?.replace(/\/+$/, '');
  const signer = new SignerController({
    ...common, metrics: opts.metrics, issuer: pool(opts.ca.certPem, opts.ca.keyPem), policies: builtin, maxDurationMs: opts.maxDurationMs,
    ...(crlBase ? { crlUrl: (signerName: string) => `${crlBase}/crl/${signerName}` } : {}),
  });
  const customCas = (opts.config?.signers ?? []).map((cfg) => ({ cfg, ca: signerCa(cfg, new Date()) }));
  const customSigners = customCas.map(({ cfg, ca }) =>
    new SignerController({ ...common, metrics: opts.metrics, issuer: pool(ca.certPem, ca.keyPem), policies: new Map([[cfg.name, customSignerPolicy(cfg)]]), maxDurationMs: cfg.maxDurationMs }));
  // The policy approver always runs: policies may arrive as objects at any time.
  const policySource: PolicySource = new PolicySource({
    client,
    configured: opts.config?.approvalPolicies ?? [],
    onChange: () => approver.requeuePending(),
    onError,
    onNotServed: () => opts.log.info('the API server does not serve certificateapprovalpolicies.signet.dev; approval policies come from the configuration file only'),
  });
  const approver: ApproverController = new ApproverController({
    ...common,
    policies: () => policySource.policies(),
    privilegedGroups: opts.config?.privilegedGroups ?? defaultPrivilegedGroups,
    onDecision: (name, kind, message) => opts.log.info(kind === 'approve' ? 'approved certificate signing request' : 'denied certificate signing request', { name, message }),
    // The signer of an approved request signs it at once, its certificate written with the approval.
    afterApproval: async (csr) => [signer, ...customSigners].find((s) => s.serves(csr.spec.signerName))?.handOff(csr),
  });
  const nodeApprover = new NodeClientApprover(common);
  const cleaner = new CleanerController({
    client,
    intervalMs: opts.cleanerIntervalMs,
    onDelete: (name, reason) => opts.log.info('deleted certificate signing request', { name, reason }),
    onError: (err) => onError('cleaning certificatesigningrequests', err),
  });
  for (const c of [signer, ...customSigners, approver, nodeApprover]) c.start();
  policySource.start();
  if (opts.metrics) recordRequestsByCondition(opts.metrics, informer);
  opts.metrics?.gauge('signet_workqueue_depth', 'Requests waiting in each controller\'s queue', () => [
    { labels: { controller: 'signer' }, value: signer.queue.depth + customSigners.reduce((n, c) => n + c.queue.depth, 0) },
    { labels: { controller: 'node-approver' }, value: nodeApprover.queue.depth },
    { labels: { controller: 'policy-approver' }, value: approver.queue.depth },
  ]);
  informer.start();
  const rootCa = opts.rootCaBundle ? new RootCaPublisher(client, opts.rootCaBundle, onError) : undefined;
  rootCa?.start();
  // Trust distribution: each signer's CA as a ClusterTrustBundle.
  const clusterCaPem = opts.ca.certPem;
  const published: PublishedSigner[] = [
    ...[...builtin.keys()].map((signerName) => ({ signerName, caPem: clusterCaPem })),
    ...customCas.map(({ cfg, ca }) => ({ signerName: cfg.name, caPem: ca.certPem })),
  ];
  const stopBundles = startTrustBundlePublisher(client, published, 10 * 60_000, (err) => onError('publishing trust bundles', err));
  cleaner.start();
  return {
    signer,
    customSigners,
    approver,
    nodeApprover,
    cleaner,
    async stop() {
      // A process that stops leading has no queues or cache to report on.
      for (const gauge of ['signet_certificate_signing_requests', 'signet_workqueue_depth']) opts.metrics?.removeGauge(gauge);
      await Promise.all([stopBundles(), informer.stop(), policySource.stop()]);
      await Promise.all([signer.stop(), cleaner.stop(), approver.stop(), nodeApprover.stop(), rootCa?.stop(), ...customSigners.map((c) => c.stop())]);
      await Promise.all([events.stop(), ...pools.map((p) => p.close())]);
    },
  };
}
