// The controllers' client inside `signet serve`: every verb goes through the same registry path
// an HTTP request takes (authorization as the controllers' own user, admission, validation,
// managedFields under their field manager, one resourceVersion per write, watch events to every
// watcher) without TLS, HTTP or JSON. Lists and watches are served by the watch cache; the
// objects they return are the cache's own and must not be changed (`freeze` makes sure, in tests).

import type { UserInfo } from '../api/types.js';
import { newForbiddenForRequest, newNotFound } from '../api/errors.js';
import { registryKey, type Registry } from './registry/registry.js';
import type { GenericStore, WriteOptions } from './registry/generic-store.js';
import type { ApiObject, ServedVersion, StrategyContext } from './registry/resource.js';
import { listPage, watchCollection } from './registry/list-watch.js';
import { parseFieldSelector, parseLabelSelector } from './registry/selectors.js';
import { managerName } from './registry/managed-fields.js';
import type { Authorizer } from './authz/authorizer.js';
import { subjectAccessReviewStatus } from './handlers/reviews.js';
import {
  apiVersionOf, collectionPath, objectPath, type ApiClient, type DeleteOptions, type FollowUp, type KubeObject, type ListOptions,
  type ListResult, type Resource, type Selection, type SubjectAccessReviewSpec, type Subresource, type WatchEvent,
  type WatchOptions,
} from '../api/client.js';

/** What the in-process client acts with. */
export interface InProcessClientOptions {
  readonly registry: Registry;
  readonly authorizer: Authorizer;
  /** Who the controllers are, as their client certificate would authenticate them. */
  readonly user: UserInfo;
  /** The field manager of their writes (over HTTP, the User-Agent's product). */
  readonly userAgent: string;
  readonly clock?: () => Date;
  /** Deep-freeze every object handed out, so that a controller changing a shared one fails loudly (tests). */
  readonly freeze?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** ApiClient over the registry of this process. */
export class InProcessClient implements ApiClient {
  readonly #opts: InProcessClientOptions;
  readonly #manager: string;

  constructor(opts: InProcessClientOptions) {
    this.#opts = opts;
    this.#manager = managerName('', opts.userAgent);
  }

  #out<T>(obj: ApiObject, version: ServedVersion): T {
    const out = version.toVersion(obj) as unknown as T;
    return this.#opts.freeze ? deepFreeze(out) : out;
  }

  /**
   * `obj` as the store takes it, as a body would arrive: the store works on its own copy and the
   * caller's object (often sharing parts with the informer's) stays as it was. An update, and a
   * create without a create strategy (Events, the most frequent create here), set only metadata
   * on what they are given, so a copy of the top level and of metadata is enough; a create
   * strategy may change anything, so it gets a whole copy.
   */
  #submitted(r: Resource<unknown>, version: ServedVersion, obj: KubeObject, whole: boolean): ApiObject {
    const copy = whole ? structuredClone(obj) : { ...obj, metadata: { ...obj.metadata } };
    return version.fromVersion({ ...copy, apiVersion: apiVersionOf(r), kind: r.kind } as unknown as ApiObject);
  }

  #resolve(r: Resource<unknown>): { store: GenericStore; version: ServedVersion } {
    const store = this.#opts.registry.get(registryKey(r.group, r.resource));
    const version = store?.def.versions.find((v) => v.version === r.version);
    if (!store || !version) throw newNotFound({ group: r.group, resource: r.resource }, '');
    return { store, version };
  }

  async #authorize(verb: string, r: Resource<unknown>, namespace: string, name: string, subresource = ''): Promise<void> {
    const { user } = this.#opts;
    const path = name ? objectPath(r, name, namespace, subresource) : collectionPath(r, namespace);
    const d = await this.#opts.authorizer.authorize({
      user, verb, isResourceRequest: true, path, apiGroup: r.group, apiVersion: r.version, namespace, resource: r.resource, subresource, name,
    });
    if (d.decision !== 'allow') {
      throw newForbiddenForRequest({ user: user.username, verb, group: r.group, resource: r.resource, subresource, namespace, name, reason: d.reason });
    }
  }

  #context(namespace: string, version: ServedVersion): StrategyContext {
    return { user: this.#opts.user, now: (this.#opts.clock ?? (() => new Date()))(), namespace, version: version.version };
  }

  #writeOptions(r: Resource<unknown>): WriteOptions {
    return { dryRun: false, manager: this.#manager, apiVersion: apiVersionOf(r) };
  }

  #selection(store: GenericStore, s: Selection): { labelSelector: ReturnType<typeof parseLabelSelector>; fieldSelector: ReturnType<typeof parseFieldSelector> } {
    return {
      labelSelector: parseLabelSelector(s.labelSelector ?? null),
      fieldSelector: parseFieldSelector(s.fieldSelector ?? null, store.def.selectableFieldNames),
    };
  }

  async get<T>(r: Resource<T>, name: string, namespace = ''): Promise<T> {
    const { store, version } = this.#resolve(r);
    await this.#authorize('get', r, namespace, name);
    return this.#out<T>(await store.get(namespace, name), version);
  }

  async list<T>(r: Resource<T>, opts: ListOptions = {}): Promise<ListResult<T>> {
    const { store, version } = this.#resolve(r);
    const namespace = opts.namespace ?? '';
    await this.#authorize('list', r, namespace, '');
    const page = await listPage(store, store.def, store.prefix(namespace), {
      ...this.#selection(store, opts), limit: opts.limit, continueToken: opts.continue,
    });
    return { items: page.items.map((o) => this.#out<T>(o, version)), resourceVersion: page.resourceVersion, continue: page.continueToken };
  }

  async *watch<T>(r: Resource<T>, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const { store, version } = this.#resolve(r);
    const namespace = opts.namespace ?? '';
    await this.#authorize('watch', r, namespace, '');
    const events = watchCollection(store, store.def, store.prefix(namespace), {
      ...this.#selection(store, opts), resourceVersion: opts.resourceVersion, allowBookmarks: opts.allowWatchBookmarks === true,
    }, signal);
    try {
      for await (const ev of events) yield { type: ev.type, object: this.#out<T>(ev.object, version) };
    } catch (err) {
      // A watch ended by its signal ends quietly, as a closed HTTP stream does.
      if (!signal.aborted) throw err;
    }
  }

  async create<T extends KubeObject>(r: Resource<T>, obj: T): Promise<T> {
    const { store, version } = this.#resolve(r);
    const namespace = r.namespaced ? obj.metadata.namespace ?? '' : '';
    await this.#authorize('create', r, namespace, '');
    const created = await store.create(this.#context(namespace, version), this.#submitted(r, version, obj, store.def.strategy.prepareForCreate !== undefined), this.#writeOptions(r));
    return this.#out<T>(created, version);
  }

  async update<T extends KubeObject>(r: Resource<T>, obj: T, subresource?: Subresource, followUp?: FollowUp<T>): Promise<T> {
    const { store, version } = this.#resolve(r);
    const namespace = r.namespaced ? obj.metadata.namespace ?? '' : '';
    const name = obj.metadata.name ?? '';
    await this.#authorize('update', r, namespace, name, subresource);
    const updated = await store.update(
      this.#context(namespace, version), name, subresource ?? '', () => this.#submitted(r, version, obj, false), this.#writeOptions(r),
      followUp && (async (next) => {
        // Not stored yet: its resourceVersion is still to be set, so the follow-up gets its own metadata.
        const write = await followUp(this.#out<T>({ ...next, metadata: { ...next.metadata } }, version));
        if (!write) return undefined;
        const settled = (result: ApiObject | Error): void => write.settled(result instanceof Error ? result : this.#out<T>(result, version));
        try {
          await this.#authorize('update', r, namespace, name, write.subresource);
        } catch (err) {
          settled(err as Error);
          return undefined;
        }
        return { subresource: write.subresource ?? '', object: this.#submitted(r, version, write.object, false), opts: this.#writeOptions(r), settled };
      }),
    );
    return this.#out<T>(updated, version);
  }

  async delete<T>(r: Resource<T>, name: string, opts: DeleteOptions = {}): Promise<void> {
    const { store, version } = this.#resolve(r);
    const namespace = r.namespaced ? opts.namespace ?? '' : '';
    await this.#authorize('delete', r, namespace, name);
    await store.delete(this.#context(namespace, version), name, opts.preconditions ?? {}, { dryRun: false });
  }

  async isAllowed(spec: SubjectAccessReviewSpec): Promise<boolean> {
    const r: Resource<unknown> = { group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false };
    await this.#authorize('create', r, '', '');
    const status = await subjectAccessReviewStatus(this.#opts.authorizer, {
      ...spec, groups: spec.groups ? [...spec.groups] : undefined,
      extra: spec.extra ? Object.fromEntries(Object.entries(spec.extra).map(([k, v]) => [k, [...v]])) : undefined,
      resourceAttributes: spec.resourceAttributes ? { ...spec.resourceAttributes } : undefined,
    });
    return status['allowed'] === true;
  }

  close(): void {
    // Nothing to release: no connections.
  }
}
