// The controllers' client over HTTPS, for `signet controllers --kubeconfig` against any
// Kubernetes API server: each verb becomes the request kube-apiserver's REST API takes.

import { RestClient, type RestConfig } from '../rest-client.js';
import {
  apiVersionOf, collectionPath, objectPath, type ApiClient, type DeleteOptions, type FollowUp, type KubeObject, type ListOptions,
  type ListResult, type Resource, type Selection, type SubjectAccessReviewSpec, type Subresource, type WatchEvent,
  type WatchOptions,
} from '../../api/client.js';

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

const selection = (s: Selection): Record<string, string | undefined> => ({ labelSelector: s.labelSelector, fieldSelector: s.fieldSelector });

/** ApiClient over a RestClient. */
export class HttpApiClient implements ApiClient {
  readonly #rest: RestClient;

  constructor(config: RestConfig) {
    this.#rest = new RestClient(config);
  }

  get<T>(r: Resource<T>, name: string, namespace?: string): Promise<T> {
    return this.#rest.call<T>('GET', objectPath(r, name, namespace));
  }

  async list<T>(r: Resource<T>, opts: ListOptions = {}): Promise<ListResult<T>> {
    const page = await this.#rest.call<{ items: T[]; metadata: { resourceVersion: string; continue?: string } }>(
      'GET', collectionPath(r, opts.namespace) + query({ ...selection(opts), limit: opts.limit, continue: opts.continue }),
    );
    return { items: page.items, resourceVersion: page.metadata.resourceVersion, continue: page.metadata.continue || undefined };
  }

  watch<T>(r: Resource<T>, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const q = query({ ...selection(opts), watch: true, allowWatchBookmarks: opts.allowWatchBookmarks, resourceVersion: opts.resourceVersion });
    return this.#rest.watch<T>(collectionPath(r, opts.namespace) + q, signal);
  }

  create<T extends KubeObject>(r: Resource<T>, obj: T): Promise<T> {
    return this.#rest.call<T>('POST', collectionPath(r, obj.metadata.namespace), { apiVersion: apiVersionOf(r), kind: r.kind, ...obj });
  }

  async update<T extends KubeObject>(r: Resource<T>, obj: T, subresource?: Subresource, followUp?: FollowUp<T>): Promise<T> {
    const updated = await this.#rest.call<T>('PUT', objectPath(r, obj.metadata.name ?? '', obj.metadata.namespace, subresource), { apiVersion: apiVersionOf(r), kind: r.kind, ...obj });
    const next = await followUp?.(updated);
    if (next) {
      try {
        next.settled(await this.update(r, next.object, next.subresource));
      } catch (err) {
        next.settled(err as Error);
      }
    }
    return updated;
  }

  async delete<T>(r: Resource<T>, name: string, opts: DeleteOptions = {}): Promise<void> {
    await this.#rest.call('DELETE', objectPath(r, name, opts.namespace), opts.preconditions ? { preconditions: opts.preconditions } : undefined);
  }

  async isAllowed(spec: SubjectAccessReviewSpec): Promise<boolean> {
    const review = await this.#rest.call<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec,
    });
    return review.status?.allowed === true;
  }

  close(): void {
    this.#rest.close();
  }
}
