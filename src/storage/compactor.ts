// The periodic compactor, run by the store's owner: each interval it compacts to the revision seen one interval
// earlier, as kube-apiserver's compactor does (storage.md §1.1), so history always spans at least one interval.

import type { Store } from './store.js';

/** Options of `startCompactor`. */
export interface CompactorOptions {
  /** Default 5 minutes, Kubernetes' --etcd-compaction-interval. */
  readonly intervalMs?: number;
  /** Called with a failed pass's error; the compactor keeps running. */
  readonly onError?: (err: unknown) => void;
}

/** A running compactor. */
export interface Compactor {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Starts compacting `store` periodically; the backend may keep more than asked (SQLite applies its retention). */
export function startCompactor(store: Store, options: CompactorOptions = {}): Compactor {
  let previous = 0;
  let running: Promise<void> = Promise.resolve();
  const pass = async (): Promise<void> => {
    const target = previous;
    previous = await store.currentRevision();
    // The first pass only records a revision: nothing is compacted at start-up, as in Kubernetes.
    if (target > 0) await store.compact(target);
  };
  const timer = setInterval(() => {
    running = running.then(pass).catch((err: unknown) => options.onError?.(err));
  }, options.intervalMs ?? 5 * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
