// The trust-bundle publisher: keeps one ClusterTrustBundle per signer holding its CA
// certificate, so clients can learn whom to trust for certificates of that signer name.

import { createHash } from 'node:crypto';
import { StatusError } from '../../api/errors.js';
import { trustBundleNamePrefix, type ClusterTrustBundle } from '../../api/trust-bundle/validation.js';
import { resources, type ApiClient } from '../../api/client.js';

const managedBy = { 'app.kubernetes.io/managed-by': 'signet' };

/** A signer name and its CA certificate PEM. */
export interface PublishedSigner {
  readonly signerName: string;
  readonly caPem: string;
}

/** The bundle's name: the signer prefix and a digest of the CA, so a new CA gets a new bundle. */
export function bundleName(s: PublishedSigner): string {
  return `${trustBundleNamePrefix(s.signerName)}signet-${createHash('sha256').update(s.caPem).digest('hex').slice(0, 16)}`;
}

/** Publishes bundles for `signers` and removes the ones it published for CAs no longer in use. */
export async function publishTrustBundles(client: ApiClient, signers: readonly PublishedSigner[]): Promise<void> {
  const wanted = new Map(signers.map((s) => [bundleName(s), s]));
  const existing = await client.list(resources.clusterTrustBundles, { labelSelector: 'app.kubernetes.io/managed-by=signet' });
  for (const b of existing.items) {
    if (wanted.has(b.metadata.name!)) continue;
    try {
      await client.delete(resources.clusterTrustBundles, b.metadata.name!);
    } catch (err) {
      if (!(err instanceof StatusError && err.status.code === 404)) throw err;
    }
  }
  for (const [name, s] of wanted) {
    if (existing.items.some((b) => b.metadata.name === name)) continue;
    try {
      await client.create(resources.clusterTrustBundles, {
        metadata: { name, labels: managedBy },
        spec: { signerName: s.signerName, trustBundle: s.caPem },
      });
    } catch (err) {
      if (!(err instanceof StatusError && err.status.code === 409)) throw err;
    }
  }
}

/**
 * Publishes now and every `intervalMs`; returns a stop function that resolves once a publication
 * under way has finished, so that stopping before the store closes leaves no write behind.
 */
export function startTrustBundlePublisher(client: ApiClient, signers: readonly PublishedSigner[], intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const loop = (): void => {
    running = publishTrustBundles(client, signers).catch(onError).finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
    return running;
  };
}
