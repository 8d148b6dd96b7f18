// A Store whose values under some prefixes are sealed before they reach the backend and opened
// when they come back, as kube-apiserver's storage transformers do below its registry: everything
// above (the watch cache, the registry, watchers) sees plain values, the database only sealed
// ones. Values opened with anything but the first provider's first key are stale: an update that
// changes nothing still rewrites them, so a replace of every object re-seals them (key rotation).

import { ConflictError, type DeleteResult, type Fence, type GroupWrite, type KeyValue, type ListOptions, type ListResult, type Store, type WatchEvent } from '../store.js';
import { open, seal, type Provider } from './providers.js';

/** The providers of the keys under `prefix`. */
export interface TransformRule {
  readonly prefix: string;
  readonly providers: readonly Provider[];
}

const stale = new WeakSet<KeyValue>();

/** Whether `kv` was opened with a key that no longer seals: writing it again, unchanged, re-seals it. */
export function isStale(kv: KeyValue): boolean {
  return stale.has(kv);
}

/** `inner` with the values under the rules' prefixes sealed at rest. */
export class TransformingStore implements Store {
  constructor(readonly inner: Store, private readonly rules: readonly TransformRule[]) {}

  #providers(key: string): readonly Provider[] | undefined {
    for (const r of this.rules) if (key.startsWith(r.prefix)) return r.providers;
    return undefined;
  }

  #open(kv: KeyValue): KeyValue;
  #open(kv: KeyValue | undefined): KeyValue | undefined;
  #open(kv: KeyValue | undefined): KeyValue | undefined {
    const providers = kv && kv.value.length > 0 ? this.#providers(kv.key) : undefined;
    if (!kv || !providers) return kv;
    const opened = open(providers, kv.value, kv.key);
    const out = { ...kv, value: opened.plain };
    if (!opened.current) stale.add(out);
    return out;
  }

  #seal(key: string, value: Uint8Array): Uint8Array {
    const providers = this.#providers(key);
    return providers ? seal(providers[0]!, value, key) : value;
  }

  async #opening<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      if (err instanceof ConflictError) throw new ConflictError(err.key, err.expectedModRevision, this.#open(err.current));
      throw err;
    }
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.#open(await this.inner.get(key));
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    const page = await this.inner.list(prefix, options);
    return { ...page, kvs: page.kvs.map((kv) => this.#open(kv)) };
  }

  create(key: string, value: Uint8Array, fence?: Fence): Promise<number> {
    return this.inner.create(key, this.#seal(key, value), fence);
  }

  update(key: string, value: Uint8Array, expectedModRevision: number, fence?: Fence): Promise<number> {
    return this.#opening(this.inner.update(key, this.#seal(key, value), expectedModRevision, fence));
  }

  commitAll(writes: readonly GroupWrite[], fence?: Fence): Promise<number[]> {
    return this.#opening(this.inner.commitAll(writes.map((w) => ({ ...w, value: this.#seal(w.key, w.value) })), fence));
  }

  async delete(key: string, expectedModRevision?: number, fence?: Fence): Promise<DeleteResult> {
    const result = await this.#opening(this.inner.delete(key, expectedModRevision, fence));
    return { ...result, prevKv: this.#open(result.prevKv) };
  }

  async *watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<WatchEvent> {
    for await (const e of this.inner.watch(prefix, afterRevision, signal)) {
      if (e.type === 'BOOKMARK') yield e;
      else if (e.type === 'DELETE') yield { type: 'DELETE', kv: e.kv, prevKv: this.#open(e.prevKv) };
      else yield e.prevKv ? { type: 'PUT', kv: this.#open(e.kv), prevKv: this.#open(e.prevKv) } : { type: 'PUT', kv: this.#open(e.kv) };
    }
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compactRevision(): Promise<number> {
    return this.inner.compactRevision();
  }

  compact(revision: number): Promise<number> {
    return this.inner.compact(revision);
  }

  requestProgress(): void {
    this.inner.requestProgress?.();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
