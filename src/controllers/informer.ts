// An informer: lists a collection, then watches it from the list's resourceVersion, keeping a
// local cache and telling a handler which keys changed. A dropped watch resumes from the last
// version seen; an expired one (410) relists. A periodic resync re-offers every key.
// Mirrors client-go's reflector + shared informer, in small.

import { StatusError } from '../api/errors.js';
import type { ApiClient, Resource, Selection } from '../api/client.js';

/** Any object with metadata. */
export interface Meta {
  metadata: { name?: string; namespace?: string; resourceVersion?: string };
}

/** What the informer calls; `key` is `namespace/name` or `name`. */
export type ChangeHandler = (key: string) => void;

/** Options. */
export interface InformerOptions extends Selection {
  readonly resyncMs: number;
  /** Reports a list or watch failure (it is retried). */
  readonly onError?: (err: unknown) => void;
}

/** The object's cache key. */
export function keyOf(obj: Meta): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name ?? '';
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Lists and watches one collection. */
export class Informer<T extends Meta> {
  readonly #cache = new Map<string, T>();
  readonly #controller = new AbortController();
  #synced!: () => void;
  /** Resolves once the first list is in the cache. */
  readonly synced = new Promise<void>((r) => (this.#synced = r));
  #running: Promise<void> | undefined;

  readonly #handlers: ChangeHandler[] = [];

  constructor(
    readonly client: ApiClient,
    readonly resource: Resource<T>,
    readonly options: InformerOptions,
    onChange?: ChangeHandler,
  ) {
    if (onChange) this.#handlers.push(onChange);
  }

  /** Adds a handler: several controllers share one informer (one list, one watch). */
  addHandler(handler: ChangeHandler): void {
    this.#handlers.push(handler);
    for (const key of this.#cache.keys()) handler(key);
  }

  #changed(key: string): void {
    for (const h of this.#handlers) h(key);
  }

  get #selection(): Selection {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return { namespace, labelSelector, fieldSelector };
  }

  /** The cached object for `key`. */
  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.#cache.values()];
  }

  /** Starts listing and watching. */
  start(): void {
    this.#running ??= this.#run();
    const resync = setInterval(() => {
      for (const k of this.#cache.keys()) this.#changed(k);
    }, this.options.resyncMs);
    resync.unref();
    this.#controller.signal.addEventListener('abort', () => clearInterval(resync), { once: true });
  }

  /** Stops; resolves when the watch has ended. */
  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#running;
  }

  async #list(): Promise<string> {
    const seen = new Set<string>();
    let cont = '';
    let rv = '';
    do {
      const page = await this.client.list(this.resource, { ...this.#selection, limit: 500, continue: cont || undefined });
      for (const item of page.items) {
        const key = keyOf(item);
        seen.add(key);
        this.#cache.set(key, item);
        this.#changed(key);
      }
      rv = page.resourceVersion;
      cont = page.continue ?? '';
    } while (cont);
    for (const key of [...this.#cache.keys()]) {
      if (!seen.has(key)) {
        this.#cache.delete(key);
        this.#changed(key);
      }
    }
    return rv;
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    let rv = '';
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!rv) {
          rv = await this.#list();
          this.#synced();
        }
        for await (const ev of this.client.watch(this.resource, { ...this.#selection, resourceVersion: rv, allowWatchBookmarks: true }, signal)) {
          failures = 0;
          if (ev.type === 'ERROR') {
            const code = (ev.object as unknown as { code?: number }).code;
            if (code === 410) rv = '';
            break;
          }
          rv = ev.object.metadata.resourceVersion ?? rv;
          if (ev.type === 'BOOKMARK') continue;
          const key = keyOf(ev.object);
          if (ev.type === 'DELETED') this.#cache.delete(key);
          else this.#cache.set(key, ev.object);
          this.#changed(key);
        }
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof StatusError && err.status.code === 410) rv = '';
        this.options.onError?.(err);
        failures++;
        await sleep(Math.min(100 * 2 ** failures, 30_000), signal);
      }
    }
  }
}
