// Puts the API server together from a data directory: storage, registry, admission, authentication,
// authorization (system:masters, then RBAC), the bootstrap namespaces and RBAC policy; starts it and
// returns how to stop it. Mirrors the wiring of kubernetes cmd/kube-apiserver/app/server.go.

import type { KeyObject } from 'node:crypto';
import type { Certificate } from '../pki/certificate.js';
import { openStore } from '../storage/open.js';
import type { Store } from '../storage/store.js';
import { ApiServer } from './server.js';
import type { Metrics } from '../runtime/metrics.js';
import { createAuthentication } from './authn/authentication.js';
import { fillServiceAccountTokenSecret } from './authn/service-account-token.js';
import { createRegistry, registryKey, registryPrefix, type Registry } from './registry/registry.js';
import { resourcePrefix } from './registry/generic-store.js';
import { WatchCache } from '../storage/watch-cache.js';
import { MemoryStore } from '../storage/memory/memory-store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { resourceHandler } from './handlers/resource-handler.js';
import type { Logger } from '../runtime/log.js';
import { authorizerChain, createRbacAuthorizer, type AuthorizerChain } from './authz/rbac/index.js';
import { rbacEscalationPlugin } from './authz/rbac/escalation.js';
import { installAggregationWriter, reconcileBootstrapPolicy } from './authz/rbac/reconcile.js';
import { namespaceLifecycle } from './admission/namespace-lifecycle.js';
import { certificateApproval, certificateSigning, certificateSubjectRestriction } from './admission/certificates.js';
import type { AdmissionPlugin } from './admission/admission.js';
import { issuedCertificateRetention } from './admission/issued-certificate-retention.js';
import { certificateRevocationAdmission } from './admission/certificate-revocation.js';
import { RevokedCertificates } from './authn/revoked-certificates.js';
import { RevocationLists } from './crl/revocation-lists.js';
import { wellKnownSignerNames } from '../api/certificates/signer-names.js';
import { issuedCertificateGroup } from '../api/issued-certificates/types.js';
import type { CertificateRevocation } from '../api/revocation/types.js';
import { bootstrapNamespaces, installNamespaceHooks } from './registry/core/namespace-controller.js';
import { serviceAccountTokenSecrets, type FillServiceAccountTokenSecret } from './registry/core/token-secrets.js';
import type { RbacAuthorizer } from './authz/rbac/rbac-authorizer.js';
import { RequestVerifier } from './registry/csr/request-verdict.js';
import { csrGroupResource } from '../api/errors.js';
import { TransformingStore, type TransformRule } from '../storage/encryption/transforming-store.js';
import type { EncryptionRule } from '../storage/encryption/config.js';

/** What the server needs from its data directory. */
export interface ServerMaterial {
  readonly ca: Certificate;
  readonly caPem: string;
  readonly caKey: KeyObject;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly databaseFile: string;
  /** The service-account signing key (sa.key). */
  readonly serviceAccountKey: KeyObject;
}

/** A running server. */
export interface RunningServer {
  readonly port: number;
  readonly server: ApiServer;
  readonly store: Store;
  readonly registry: Registry;
  /** system:masters then RBAC, as the server authorizes requests. */
  readonly authorizer: AuthorizerChain;
  /** Drains requests (up to `graceMs`, 10 s by default) and watches, then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Installs the admission chain kube-apiserver's default plugins amount to here, in its order. */
export function installAdmission(registry: Registry, rbac: RbacAuthorizer, authorizer: AuthorizerChain, fill?: FillServiceAccountTokenSecret): void {
  const lifecycle = namespaceLifecycle(registry.get(registryKey('', 'namespaces'))!);
  // The plugins a definition may name (ResourceDefinition.admission), made once and shared.
  const byName: Readonly<Record<string, AdmissionPlugin | undefined>> = {
    CertificateApproval: certificateApproval(authorizer),
    CertificateSigning: certificateSigning(authorizer),
    CertificateSubjectRestriction: certificateSubjectRestriction,
    RBACEscalation: rbacEscalationPlugin(rbac.index, authorizer),
    ServiceAccountTokenSecrets: fill && serviceAccountTokenSecrets(fill),
    IssuedCertificateRetention: issuedCertificateRetention(),
    CertificateRevocation: certificateRevocationAdmission(registry.get(registryKey(issuedCertificateGroup, 'issuedcertificates'))!, authorizer),
  };
  for (const store of registry.values()) {
    const named = (store.def.admission ?? []).map((name) => {
      if (!(name in byName)) throw new Error(`${store.def.groupResource.resource}: no admission plugin named ${name}`);
      return byName[name];
    });
    store.admission = [lifecycle, ...named.filter((p): p is AdmissionPlugin => p !== undefined)];
  }
}

/** kube-apiserver's --event-ttl default. */
export const defaultEventTtlMs = 60 * 60_000;

/** Events kept at most; beyond, the least recently written go first (about 1 KiB each). */
const maxEvents = 20_000;

/** The storage prefixes of the resources an encryption configuration names, with their providers. */
function transformRules(rules: readonly EncryptionRule[]): TransformRule[] {
  return rules.flatMap((r) => r.resources.map((gr) => ({ prefix: resourcePrefix(gr), providers: r.providers })));
}

/** Opens storage, builds the registry and starts listening. */
export async function startApiServer(opts: {
  dataDir: ServerMaterial; host: string; port: number; log: Logger; tokenAuthFile?: string; metrics?: Metrics; livenessFailure?: () => string | undefined;
  /** How long an Event lives after its last write (kube-apiserver's --event-ttl, 1 h). */
  eventTtlMs?: number;
  /** Which resources are sealed at rest, and how (--encryption-provider-config). */
  encryption?: readonly EncryptionRule[];
}): Promise<RunningServer> {
  const { dataDir, log } = opts;
  const database = await openStore({ kind: 'sqlite', path: dataDir.databaseFile });
  const store = opts.encryption ? new TransformingStore(database, transformRules(opts.encryption)) : database;
  // Events are not worth an fsync each: they live in memory, expire, and are capped.
  const eventStore = new MemoryStore({ ttlMs: opts.eventTtlMs ?? defaultEventTtlMs, maxKeys: maxEvents });
  let cache: WatchCache | undefined;
  const verifier = new RequestVerifier();
  try {
    // The cache's first list opens every sealed value, so one that no listed key opens stops the
    // start (DecryptError) before anything is served, rather than being a 500 later.
    cache = await WatchCache.start(store, registryPrefix);
    const revoked = new RevokedCertificates();
    const registry = createRegistry(store, cache, eventStore, (serial) => revoked.has(serial));
    // Every stored revocation is in force before the server listens; each new one as it is stored.
    const revocations = registry.get(registryKey(issuedCertificateGroup, 'certificaterevocations'))!;
    const storedRevocations = (): CertificateRevocation[] => revocations.listCached()! as unknown as CertificateRevocation[];
    for (const r of storedRevocations()) revoked.add(r);
    let endStreamsOf: (serial: string) => void = () => {};
    const revocationLists = new RevocationLists(dataDir.ca, dataDir.caKey, new Set(wellKnownSignerNames), storedRevocations);
    revocations.listeners.push((e) => {
      if (e.type !== 'put') return;
      const revocation = e.object as unknown as CertificateRevocation;
      revoked.add(revocation);
      revocationLists.changed();
      for (const c of revocation.status?.revoked ?? []) endStreamsOf(c.serialNumber);
    });
    if (opts.metrics && database instanceof SqliteStore) {
      // Writes per commit is the ratio of the two: how well group commit shares each fsync.
      const stats = (): ReturnType<SqliteStore['stats']> => database.stats();
      opts.metrics.gauge('signet_storage_commits', 'Durable commits (each one fsync) since the server started', () => [{ labels: {}, value: stats().commits }]);
      opts.metrics.gauge('signet_storage_writes', 'Writes committed since the server started, all commits together', () => [{ labels: {}, value: stats().writes }]);
    }
    registry.get(registryKey(csrGroupResource.group, csrGroupResource.resource))!.precheck = verifier.verdict;
    const authn = createAuthentication({
      clientCAs: [dataDir.ca], store, serviceAccountKey: dataDir.serviceAccountKey, tokenAuthFile: opts.tokenAuthFile, warn: (msg) => log.info(msg),
      isRevoked: (serial) => revoked.has(serial),
    });
    const rbac = await createRbacAuthorizer(registry);
    const authorizer = authorizerChain(rbac);
    const tokens = authn.services.serviceAccountTokens;
    installAdmission(registry, rbac, authorizer, (secret, namespace) => fillServiceAccountTokenSecret(secret, { tokens, caPem: dataDir.caPem, namespace }));
    installNamespaceHooks(registry);
    installAggregationWriter(registry, rbac.index);
    await bootstrapNamespaces(registry);
    await reconcileBootstrapPolicy(registry);
    const server = new ApiServer({
      tls: { certPem: dataDir.servingCertPem, keyPem: dataDir.servingKeyPem, clientCaPem: dataDir.caPem },
      authenticator: authn.authenticator,
      authnServices: authn.services,
      authorizer,
      resources: resourceHandler(registry),
      log,
      metrics: opts.metrics,
      livenessFailure: opts.livenessFailure,
      revocationList: (signerName) => revocationLists.crl(signerName),
    });
    endStreamsOf = (serial) => server.endStreamsOf(serial);
    const address = await server.listen(opts.host, opts.port);
    server.setReady(true);
    return {
      port: address.port,
      server,
      store,
      registry,
      authorizer,
      async close(graceMs?: number) {
        await server.close(graceMs);
        await cache!.stop();
        await verifier.close();
        await eventStore.close();
        await store.close();
      },
    };
  } catch (err) {
    await cache?.stop();
    await verifier.close();
    await eventStore.close();
    await store.close();
    throw err;
  }
}
