// The root CA publisher: a ConfigMap kube-root-ca.crt in every namespace holding the cluster CA
// bundle, recreated when deleted and restored when edited.
// Mirrors kubernetes pkg/controller/certificates/rootcacertpublisher/publisher.go.

import { StatusError } from '../../api/errors.js';
import { Informer } from '../informer.js';
import { WorkQueue } from '../work-queue.js';
import { resources, type ApiClient } from '../../api/client.js';

/** The ConfigMap's name and what it says. */
export const rootCaConfigMapName = 'kube-root-ca.crt';
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

interface ConfigMap {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string>; resourceVersion?: string };
  data?: Record<string, string>;
}

/** Keeps kube-root-ca.crt current in every namespace. */
export class RootCaPublisher {
  readonly #namespaces: Informer<ConfigMap>;
  readonly #configMaps: Informer<ConfigMap>;
  readonly #queue: WorkQueue;
  /** Both caches listed: before that, a missing ConfigMap may only be one not listed yet. */
  #synced = false;

  constructor(readonly client: ApiClient, readonly caBundle: string, onError: (what: string, err: unknown) => void) {
    this.#queue = new WorkQueue((ns) => this.#reconcile(ns), 2, undefined, (ns, err) => onError(`publishing ${rootCaConfigMapName} in ${ns}`, err));
    this.#namespaces = new Informer(client, resources.namespaces, { resyncMs: 10 * 60_000, onError: (e) => onError('watching namespaces', e) }, (ns) => this.#enqueue(ns));
    this.#configMaps = new Informer(
      client,
      resources.configMaps,
      { fieldSelector: `metadata.name=${rootCaConfigMapName}`, resyncMs: 10 * 60_000, onError: (e) => onError('watching configmaps', e) },
      (key) => this.#enqueue(key.split('/')[0]!),
    );
  }

  #enqueue(namespace: string): void {
    if (this.#synced) this.#queue.add(namespace);
  }

  /** Starts watching. */
  start(): void {
    this.#namespaces.start();
    this.#configMaps.start();
    // As client-go's WaitForCacheSync: every namespace is looked at once both caches are full.
    void Promise.all([this.#namespaces.synced, this.#configMaps.synced]).then(() => {
      this.#synced = true;
      for (const ns of this.#namespaces.list()) this.#enqueue(ns.metadata.name ?? '');
    });
  }

  /** Stops. */
  async stop(): Promise<void> {
    await Promise.all([this.#namespaces.stop(), this.#configMaps.stop()]);
    await this.#queue.stop();
  }

  async #reconcile(namespace: string): Promise<void> {
    const ns = this.#namespaces.get(namespace);
    if (!ns || (ns as { status?: { phase?: string } }).status?.phase === 'Terminating') return;
    const current = this.#configMaps.get(`${namespace}/${rootCaConfigMapName}`);
    const want = { data: { 'ca.crt': this.caBundle }, annotations: { 'kubernetes.io/description': description } };
    try {
      if (!current) {
        await this.client.create(resources.configMaps, { metadata: { name: rootCaConfigMapName, namespace, annotations: want.annotations }, data: want.data });
        return;
      }
      if (current.data?.['ca.crt'] === this.caBundle && current.metadata.annotations?.['kubernetes.io/description'] === description) return;
      await this.client.update(resources.configMaps, {
        ...current,
        metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, ...want.annotations } },
        data: { ...current.data, ...want.data },
      });
    } catch (err) {
      // Created or changed meanwhile: the watch brings the new state and a retry.
      if (err instanceof StatusError && (err.status.code === 409 || err.status.code === 404)) throw new Error(`${err.status.reason}; retrying`);
      throw err;
    }
  }
}
