// The generic registry: every verb of every stored resource runs here in one fixed order
// (prepare → validate → persist → interpret errors), with the resource's strategy deciding
// what may change. Mirrors k8s.io/apiserver/pkg/registry/generic/registry/store.go.

import { randomUUID, randomInt } from 'node:crypto';
import type { Store, KeyValue } from '../../storage/store.js';
import type { WatchCache } from '../../storage/watch-cache.js';
import { ConflictError, KeyExistsError, NotFoundError } from '../../storage/store.js';
import {
  newAlreadyExists, newBadRequest, newConflict, newInvalid, newNotFound, newOptimisticLockConflict, newResourceVersionSetOnCreate, StatusError, successStatus, type GroupResource,
} from '../../api/errors.js';
import { invalid, type FieldError } from '../../api/field-error.js';
import { validateCommonCreateMeta, validateCommonUpdateMeta } from '../../api/validation/meta.js';
import type { Status } from '../../api/types.js';
import type { ApiObject, ResourceDefinition, Strategy, StrategyContext } from './resource.js';
import { decodeObject, decodeShared, encodeObject, sameStoredContent, writeObject, writeObjects } from './object-codec.js';
import { fieldsOf, fieldsOfShared, recordManager } from './managed-fields.js';
import { transferOwnership } from './field-ownership.js';
import { runAdmission, runMutatingAdmission, type AdmissionAttributes, type AdmissionPlugin } from '../admission/admission.js';
import { formatTime, generateName } from '../../api/meta.js';
import { isStale } from '../../storage/encryption/transforming-store.js';

/** A committed change of one object, told to listeners after the store accepted it. */
export interface ChangeEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  /** The object as stored (for a delete, as it was before). */
  readonly object: ApiObject;
  /** The revision of the write. */
  readonly revision: number;
}

/** Told about every committed write; awaited before the request is answered (read-your-writes for caches such as RBAC's). */
export type ChangeListener = (e: ChangeEvent) => void | Promise<void>;

/** Options every write takes from the query string. */
export interface WriteOptions {
  readonly dryRun: boolean;
  readonly manager: string;
  /** apiVersion of the request, recorded in managedFields. */
  readonly apiVersion: string;
  /** `Apply` for server-side apply, whose entry records `appliedFields` rather than the whole object. */
  readonly operation?: 'Update' | 'Apply';
  readonly appliedFields?: Record<string, unknown>;
}

/**
 * A second write of an object right after an update of it, made by another controller of the
 * process (the signer's /status on an approval): answered for the updated object before either is
 * stored, prepared against it like any update (strategy, validation, admission, managedFields),
 * then stored with it (Store.commitAll), so they share a commit. Undefined: none.
 */
export type FollowUp = (updated: ApiObject) => Promise<FollowUpWrite | undefined>;

/** The follow-up write, and where its outcome goes. */
export interface FollowUpWrite {
  readonly subresource: string;
  /** The whole object, as a PUT body. */
  readonly object: ApiObject;
  readonly opts: WriteOptions;
  /** Called once: the object as stored, or why it was not. */
  settled(result: ApiObject | Error): void;
}

/** Preconditions of a delete (DeleteOptions.preconditions). */
export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

const maxGenerateNameAttempts = 8;


/** The storage key prefix of every object of a resource. */
export function resourcePrefix(gr: { readonly group: string; readonly resource: string }): string {
  return `/registry/${gr.group || 'core'}/${gr.resource}/`;
}

/** Runs the verbs of one resource against a Store. */
export class GenericStore {
  constructor(
    readonly def: ResourceDefinition,
    readonly store: Store,
    /** Serves watches and resourceVersion=0 lists from memory; absent, the store does. */
    readonly cache?: WatchCache,
  ) {}

  /** Validating admission run on every write after validation, before persisting. */
  admission: readonly AdmissionPlugin[] = [];
  /** Listeners told of committed writes. */
  readonly listeners: ChangeListener[] = [];
  /**
   * Work on an incoming object whose result both validation and admission use (a CSR's parsed and
   * verified request), done once; it reaches the strategy's validate. Absent, validate does it all.
   */
  precheck: ((obj: ApiObject) => Promise<unknown>) | undefined;

  async #admit(a: Omit<AdmissionAttributes, 'resource'>): Promise<void> {
    if (this.admission.length > 0) await runAdmission(this.admission, { ...a, resource: this.def.groupResource });
  }

  async #mutate(a: Omit<AdmissionAttributes, 'resource'> & { object: ApiObject }): Promise<ApiObject> {
    if (!this.admission.some((p) => p.admit)) return a.object;
    return runMutatingAdmission(this.admission, { ...a, resource: this.def.groupResource });
  }

  async #notify(e: ChangeEvent): Promise<void> {
    for (const l of this.listeners) await l(e);
  }

  /** The storage key of an object. */
  key(namespace: string, name: string): string {
    return this.prefix(namespace) + name;
  }

  /** The key prefix of a namespace's objects (or all of them for ''). */
  prefix(namespace: string): string {
    const base = resourcePrefix(this.def.groupResource);
    return this.def.namespaced && namespace ? `${base}${namespace}/` : base;
  }

  #notFound(name: string): StatusError {
    return newNotFound(this.def.groupResource, name);
  }

  /** Reads one object (storage version, resourceVersion set). */
  async get(namespace: string, name: string): Promise<ApiObject> {
    const kv = await this.store.get(this.key(namespace, name));
    if (!kv) throw this.#notFound(name);
    return decodeObject(kv);
  }

  /**
   * Reads one object for a check that only looks (admission's lookups, as kube-apiserver's
   * listers do): from the watch cache, and shared, so it must not be changed.
   */
  async getShared(namespace: string, name: string): Promise<ApiObject> {
    const key = this.key(namespace, name);
    // What the cache holds may trail the store by a few events, as a lister's does; only an
    // absence the cache may not have caught up with is asked of the store.
    const kv = this.cache?.get(key) ?? (await this.#read(key));
    if (!kv) throw this.#notFound(name);
    return decodeShared(kv);
  }

  /**
   * Every object of the resource in `namespace` (all for ''), as the watch cache holds them now:
   * shared and read-only, as a lister's. Undefined without a watch cache.
   */
  listCached(namespace = ''): ApiObject[] | undefined {
    return this.cache?.list(this.prefix(namespace)).kvs.map((kv) => decodeShared(kv));
  }

  /** Creates `obj`. */
  async create(ctx: StrategyContext, obj: ApiObject, opts: WriteOptions): Promise<ApiObject> {
    const meta = obj.metadata ?? (obj.metadata = {});
    if (this.def.namespaced) {
      if (meta.namespace && meta.namespace !== ctx.namespace) {
        throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = ctx.namespace;
    } else {
      delete meta.namespace;
    }
    const generated = !meta.name && !!meta.generateName;
    const sentResourceVersion = meta.resourceVersion;
    const precheck = await this.precheck?.(obj);
    for (let attempt = 0; ; attempt++) {
      if (generated) meta.name = generateName(meta.generateName!, () => randomInt(2 ** 31) / 2 ** 31);
      const prepared = await this.#mutate({
        operation: 'CREATE', subresource: '', namespace: ctx.namespace, name: (generated ? meta.generateName : meta.name) ?? '', object: this.#prepareCreate(ctx, obj, opts), user: ctx.user, dryRun: opts.dryRun,
      });
      this.#validated(meta.name ?? '', this.def.strategy.validate?.(ctx, prepared, precheck) ?? [], () => validateCommonCreateMeta(prepared.metadata, this.def.namespaced));
      await this.#admit({ operation: 'CREATE', subresource: '', namespace: ctx.namespace, name: (generated ? meta.generateName : meta.name) ?? '', object: prepared, user: ctx.user, dryRun: opts.dryRun, precheck });
      if (opts.dryRun) return prepared;
      // An apply that creates writes what it applied whatever resourceVersion it carries; a plain
      // create refuses one where upstream's storage does, after validation and admission.
      if (sentResourceVersion && opts.operation !== 'Apply') throw newResourceVersionSetOnCreate();
      try {
        const key = this.key(ctx.namespace, meta.name!);
        const value = encodeObject(prepared);
        const rev = await writeObject(key, value, prepared, () => this.store.create(key, value));
        await this.#notify({ type: 'put', key, object: prepared, revision: rev });
        return prepared;
      } catch (err) {
        if (err instanceof KeyExistsError) {
          if (generated && attempt < maxGenerateNameAttempts) continue;
          throw newAlreadyExists(this.def.groupResource, meta.name!);
        }
        throw err;
      }
    }
  }

  /**
   * The resource's own errors first; only when there are none, the generic metadata checks, so
   * that the specific message wins (rest.BeforeCreate's order).
   */
  #validated(name: string, errors: FieldError[], common: () => FieldError[]): void {
    if (errors.length > 0) throw newInvalid(this.def.groupKind, name, errors);
    const more = common();
    if (more.length > 0) throw newInvalid(this.def.groupKind, name, more);
  }

  #prepareCreate(ctx: StrategyContext, input: ApiObject, opts: WriteOptions): ApiObject {
    const obj = this.def.strategy.prepareForCreate?.(ctx, input) ?? input;
    const meta = obj.metadata;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTime(ctx.now);
    // generation is left to strategies: Kubernetes' CSR strategy does not track it.
    delete meta.generation;
    meta.managedFields = [];
    recordManager(obj, opts.manager, opts.operation ?? 'Update', opts.apiVersion, '', ctx.now, opts.appliedFields);
    return obj;
  }

  /**
   * Replaces an object through the main resource or a subresource. `mutate` turns the current
   * object into the desired one (a PUT body, or a patch applied to the current object); it
   * runs again on a storage conflict unless the caller pinned a resourceVersion.
   */
  async update(
    ctx: StrategyContext,
    name: string,
    subresource: string,
    mutate: (current: ApiObject) => ApiObject,
    opts: WriteOptions,
    followUp?: FollowUp,
  ): Promise<ApiObject> {
    const strategy = subresource ? this.def.subresources[subresource] : this.def.strategy;
    if (!strategy) throw this.#notFound(name);
    const key = this.key(ctx.namespace, name);
    // The read is optimistic, as GuaranteedUpdate's with a cached object: the watch cache's value,
    // which may trail the store by the events it has not applied yet. The write is conditional on
    // the value read, so a stale read cannot be written over; it costs a retry with the store's
    // value (from the conflict). A refusal or a no-op found against a value the cache may not have
    // caught up with is checked again against the store before it is answered.
    let known: KeyValue | undefined;
    for (;;) {
      const optimistic = known === undefined && this.cache !== undefined && !opts.dryRun;
      const kv = known ?? (optimistic ? this.cache!.get(key) : await this.store.get(key));
      known = undefined;
      let outcome: { done: ApiObject } | { write: Buffer; next: ApiObject; precondition: string | undefined };
      let current: ApiObject;
      try {
        if (!kv) throw this.#notFound(name);
        current = decodeShared(kv);
        outcome = await this.#prepareWrite(ctx, name, subresource, strategy, current, isStale(kv), mutate, opts);
      } catch (err) {
        if (optimistic && err instanceof StatusError && !(await this.#cacheCurrent())) {
          known = await this.store.get(key);
          if (known) continue;
        }
        throw err;
      }
      if ('done' in outcome) {
        if (optimistic && !(await this.#cacheCurrent())) {
          known = await this.store.get(key);
          if (known) continue;
          throw this.#notFound(name);
        }
        return outcome.done;
      }
      const { write: bytes, next, precondition } = outcome;
      const follow = followUp && (await this.#followUp(ctx, name, next, followUp));
      // What the writes bring along in the same commit (a certificate's ledger entry).
      const companions = [...this.#companions(ctx, next, current), ...(follow ? this.#companions(ctx, follow.next, next) : [])];
      try {
        if (follow || companions.length > 0) {
          const writes = [{ value: bytes, object: next }, ...(follow ? [{ value: follow.bytes, object: follow.next }] : [])];
          const revisions = await writeObjects(key, writes, () => this.store.commitAll([
            { op: 'update', key, value: bytes, expectedModRevision: kv!.modRevision },
            ...(follow ? [{ op: 'update', key, value: follow.bytes, expectedModRevision: 'previous' } as const] : []),
            ...companions.map((c) => ({ op: 'create', key: c.key, value: c.value } as const)),
          ]));
          await this.#notify({ type: 'put', key, object: next, revision: revisions[0]! });
          if (follow) {
            await this.#notify({ type: 'put', key, object: follow.next, revision: revisions[1]! });
            follow.settled(follow.next);
          }
          return next;
        }
        const rev = await writeObject(key, bytes, next, () => this.store.update(key, bytes, kv!.modRevision));
        await this.#notify({ type: 'put', key, object: next, revision: rev });
        return next;
      } catch (err) {
        // On a conflict the follow-up is asked again for the update's next attempt.
        follow?.settled(err as Error);
        if (err instanceof ConflictError) {
          if (precondition) throw newOptimisticLockConflict(this.def.groupResource, name);
          known = err.current;
          continue;
        }
        if (err instanceof NotFoundError) throw this.#notFound(name);
        if (err instanceof KeyExistsError) {
          const companion = companions.find((c) => c.key === err.key);
          if (companion) throw newAlreadyExists(companion.groupResource, companion.object.metadata.name ?? '');
        }
        throw err;
      }
    }
  }

  /**
   * The objects of other resources that writing `next` over `current` creates with it (the
   * definition's companions), made as the server makes them: a uid, a creation time, no owner.
   */
  #companions(ctx: StrategyContext, next: ApiObject, current: ApiObject): { key: string; value: Buffer; object: ApiObject; groupResource: GroupResource }[] {
    if (!this.def.companions) return [];
    return this.def.companions(next, current).map(({ groupResource, object }) => {
      object.metadata.uid = randomUUID();
      object.metadata.creationTimestamp = formatTime(ctx.now);
      const namespace = object.metadata.namespace;
      const key = `${resourcePrefix(groupResource)}${namespace ? `${namespace}/` : ''}${object.metadata.name}`;
      return { key, value: encodeObject(object), object, groupResource };
    });
  }

  /**
   * The follow-up of an update to `updated`, prepared against it; undefined when there is none, it
   * changes nothing, or it was refused (its owner is told).
   */
  async #followUp(ctx: StrategyContext, name: string, updated: ApiObject, followUp: FollowUp): Promise<{ bytes: Buffer; next: ApiObject; settled: FollowUpWrite['settled'] } | undefined> {
    // The follow-up's failure is its owner's to handle; the update goes on alone.
    const write = await followUp(updated).catch(() => undefined);
    if (!write) return undefined;
    let told = false;
    const settled = (result: ApiObject | Error): void => {
      if (told) return;
      told = true;
      write.settled(result);
    };
    try {
      const strategy = write.subresource ? this.def.subresources[write.subresource] : this.def.strategy;
      if (!strategy) throw this.#notFound(name);
      const outcome = await this.#prepareWrite(ctx, name, write.subresource, strategy, updated, false, () => write.object, write.opts);
      if ('done' in outcome) {
        settled(updated);
        return undefined;
      }
      return { bytes: outcome.write, next: outcome.next, settled };
    } catch (err) {
      settled(err as Error);
      return undefined;
    }
  }

  /** Whether the watch cache has applied every write the store acknowledged. */
  async #cacheCurrent(): Promise<boolean> {
    return this.cache !== undefined && this.cache.revision >= (await this.store.currentRevision());
  }

  /**
   * One attempt of an update against `current` (shared with the watch cache and watchers: read
   * here, never changed): the object to write and its bytes, or, for a dry run or an update that
   * changes nothing, the answer (`done`). `stale`: its value was sealed with a retired key.
   */
  async #prepareWrite(
    ctx: StrategyContext, name: string, subresource: string, strategy: Strategy, current: ApiObject, stale: boolean, mutate: (current: ApiObject) => ApiObject, opts: WriteOptions,
  ): Promise<{ done: ApiObject } | { write: Buffer; next: ApiObject; precondition: string | undefined }> {
    // A mutation that takes no argument replaces the object outright (PUT, the in-process
    // client): it needs no private copy of the current one.
    const submitted = mutate.length === 0 ? (mutate as () => ApiObject)() : mutate(structuredClone(current));
    const requestedRv = submitted.metadata?.resourceVersion;
    this.#checkIdentity(name, ctx, submitted, current, requestedRv, strategy);
    if (requestedRv && requestedRv !== current.metadata.resourceVersion) throw newOptimisticLockConflict(this.def.groupResource, name);
    // An unconditional update applies to what was just read (registry store's GuaranteedUpdate).
    submitted.metadata.resourceVersion = current.metadata.resourceVersion;
    const next = await this.#mutate({
      operation: 'UPDATE', subresource, namespace: ctx.namespace, name, object: this.#prepareUpdate(ctx, submitted, current, strategy, subresource, opts), oldObject: current, user: ctx.user, dryRun: opts.dryRun,
    });
    this.#validated(name, strategy.validateUpdate?.(ctx, next, current) ?? [], () => validateCommonUpdateMeta(next.metadata, current.metadata, this.def.namespaced));
    await this.#admit({ operation: 'UPDATE', subresource, namespace: ctx.namespace, name, object: next, oldObject: current, user: ctx.user, dryRun: opts.dryRun });
    // An update that changes nothing writes nothing and keeps the resourceVersion (etcd3 store's
    // rule). #prepareUpdate left such an object the current managedFields list; mutating
    // admission, where there is any, may have changed it since.
    // A value sealed with a key that no longer seals is written again all the same (key rotation).
    const unchanged = next.metadata.managedFields === current.metadata.managedFields && (!this.admission.some((p) => p.admit) || sameStoredContent(next, current)) && !stale;
    if (unchanged || opts.dryRun) {
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      return { done: opts.dryRun ? next : current };
    }
    // A patch carries the resourceVersion of the object it was applied to: a conflict then means
    // "apply it again to the newer object", not "the caller's precondition failed".
    return { write: encodeObject(next), next, precondition: mutate.length === 0 ? requestedRv : undefined };
  }

  #checkIdentity(name: string, ctx: StrategyContext, next: ApiObject, current: ApiObject, requestedRv: string | undefined, strategy: Strategy): void {
    if (!next.metadata || typeof next.metadata !== 'object') throw newBadRequest('the object has no metadata');
    if (next.metadata.name && next.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (this.def.namespaced && next.metadata.namespace && next.metadata.namespace !== ctx.namespace) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (next.metadata.uid && next.metadata.uid !== current.metadata.uid) {
      throw newConflict(this.def.groupResource, name, `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (!requestedRv && !strategy.allowUnconditionalUpdate) {
      const errs: FieldError[] = [invalid('metadata.resourceVersion', 0, 'must be specified for an update')];
      throw newInvalid(this.def.groupKind, name, errs);
    }
  }

  /**
   * The current value: from the watch cache when it has seen every write the store has made (no
   * query, and the decoded object already shared), else from the store.
   */
  async #read(key: string): Promise<KeyValue | undefined> {
    return (await this.#cacheCurrent()) ? this.cache!.get(key) : this.store.get(key);
  }

  #prepareUpdate(ctx: StrategyContext, submitted: ApiObject, current: ApiObject, strategy: Strategy, subresource: string, opts: WriteOptions): ApiObject {
    const next = strategy.prepareForUpdate?.(ctx, submitted, current) ?? submitted;
    const meta = next.metadata;
    meta.name = current.metadata.name;
    if (this.def.namespaced) meta.namespace = current.metadata.namespace;
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    if (current.metadata.generation === undefined) delete meta.generation;
    else meta.generation = current.metadata.generation;
    meta.deletionTimestamp = current.metadata.deletionTimestamp;
    if (meta.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    meta.managedFields = current.metadata.managedFields;
    // Where a resource tracks generation, spec changes bump it; status and metadata changes do not.
    if (meta.generation !== undefined && JSON.stringify(next['spec']) !== JSON.stringify(current['spec'])) meta.generation += 1;
    // Only a real change costs the field-ownership computation; an update that changes nothing
    // keeps the current managedFields, the very same list, which is how #prepareWrite knows it.
    if (!sameStoredContent(next, current)) {
      const currentFields = fieldsOfShared(current);
      meta.managedFields = transferOwnership(current.metadata.managedFields ?? [], { object: current, fields: currentFields }, { object: next, fields: fieldsOf(next, current, currentFields) }, {
        manager: opts.manager, operation: opts.operation ?? 'Update', apiVersion: opts.apiVersion, subresource, time: formatTime(ctx.now), applied: opts.appliedFields,
      });
    }
    return next;
  }

  /** Deletes an object; returns kube-apiserver's Success Status. */
  async delete(ctx: StrategyContext, name: string, pre: Preconditions, opts: Pick<WriteOptions, 'dryRun'>): Promise<{ status: Status; object: ApiObject }> {
    const key = this.key(ctx.namespace, name);
    for (;;) {
      const kv = await this.store.get(key);
      if (!kv) throw this.#notFound(name);
      const current = decodeObject(kv);
      if (pre.uid && pre.uid !== current.metadata.uid) {
        throw newConflict(this.def.groupResource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw newConflict(this.def.groupResource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
      }
      await this.#admit({ operation: 'DELETE', subresource: '', namespace: ctx.namespace, name, oldObject: current, user: ctx.user, dryRun: opts.dryRun });
      if (opts.dryRun) return { status: successStatus(this.def.groupResource, name, current.metadata.uid), object: current };
      try {
        const { revision } = await this.store.delete(key, kv.modRevision);
        await this.#notify({ type: 'delete', key, object: current, revision });
        return { status: successStatus(this.def.groupResource, name, current.metadata.uid), object: current };
      } catch (err) {
        if (err instanceof ConflictError) continue;
        // Deleted by someone else between our read and our delete: gone, as asked, but not by us.
        if (err instanceof NotFoundError) throw this.#notFound(name);
        throw err;
      }
    }
  }

  /** Decodes a stored record. */
  decode(kv: KeyValue): ApiObject {
    return decodeObject(kv);
  }
}

