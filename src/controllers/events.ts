// Recording core v1 Events about CertificateSigningRequests, so `kubectl describe csr` shows
// what happened to a request. CSRs are cluster-scoped: their events live in "default", as
// Kubernetes' recorders put them. A repeat of an event (same object, type, reason, message and
// source) within ten minutes updates the first one's count and lastTimestamp instead of adding
// another, and events about one object beyond a burst of 25 are dropped, refilling one per five
// minutes, as client-go's EventCorrelator and spam filter do: a request retried a thousand times
// costs a handful of writes, not a thousand.

import type { CertificateSigningRequest } from '../api/certificates/types.js';
import type { Event } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { resources, type ApiClient } from '../api/client.js';
import { formatTime } from '../api/meta.js';
import { setBounded } from '../runtime/bounded-map.js';


let lastNanos = 0n;

/**
 * client-go names an Event `<object>.<its time in Unix nanoseconds, in hex>`; with milliseconds
 * only, later names in this process count up from the last, so none repeats.
 */
function eventName(object: string, now: Date): string {
  let nanos = BigInt(now.getTime()) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return `${object}.${nanos.toString(16)}`;
}

/** client-go's correlation window and cache size (events_cache.go: maxLruCacheEntries, 10 minutes). */
const repeatWindowMs = 10 * 60_000;
const maxRemembered = 4096;
/** client-go's spam filter: a token bucket per source and object (defaultSpamBurst, defaultSpamQPS). */
const spamBurst = 25;
const spamRefillMs = 300_000;

interface Bucket {
  tokens: number;
  at: number;
}

interface Remembered {
  /** The event as last written, or the write under way. */
  readonly latest: Promise<Event | undefined>;
  readonly firstAt: number;
}


/** Records events; failures to record are reported, never fatal. */
export class EventRecorder {
  readonly #remembered = new Map<string, Remembered>();
  readonly #buckets = new Map<string, Bucket>();
  readonly #writing = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(
    readonly client: ApiClient,
    readonly component: string,
    readonly onError: (err: unknown) => void = () => {},
    readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records one event about `csr`. */
  record(csr: CertificateSigningRequest, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = this.clock();
    if (this.#stopped || !this.#allow(csr, now.getTime())) return;
    const key = JSON.stringify([csr.metadata.uid, csr.metadata.name, type, reason, message]);
    const earlier = this.#remembered.get(key);
    const repeat = earlier && now.getTime() - earlier.firstAt < repeatWindowMs ? earlier : undefined;
    const latest = repeat
      ? repeat.latest.then((last) => (last ? this.#repeat(last, now) : this.#create(csr, type, reason, message, now)))
      : this.#create(csr, type, reason, message, now);
    setBounded(this.#remembered, key, { latest: latest.catch(() => undefined), firstAt: repeat?.firstAt ?? now.getTime() }, maxRemembered);
    const writing = latest.catch(this.onError);
    this.#writing.add(writing);
    void writing.finally(() => this.#writing.delete(writing));
  }

  /** Records nothing more; resolves once the writes under way are done, before the API they go to closes. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#writing);
  }

  /** Takes a token from the object's bucket, if it has one left. */
  #allow(csr: CertificateSigningRequest, now: number): boolean {
    const key = `${csr.metadata.uid}/${csr.metadata.name}`;
    const bucket = this.#buckets.get(key) ?? { tokens: spamBurst, at: now };
    bucket.tokens = Math.min(spamBurst, bucket.tokens + (now - bucket.at) / spamRefillMs);
    bucket.at = now;
    setBounded(this.#buckets, key, bucket, maxRemembered);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #create(csr: CertificateSigningRequest, type: string, reason: string, message: string, now: Date): Promise<Event> {
    return this.client.create(resources.events, {
      metadata: { name: eventName(csr.metadata.name ?? '', now), namespace: 'default' },
      involvedObject: {
        kind: 'CertificateSigningRequest',
        apiVersion: 'certificates.k8s.io/v1',
        name: csr.metadata.name,
        uid: csr.metadata.uid,
        resourceVersion: csr.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.component,
      firstTimestamp: formatTime(now),
      lastTimestamp: formatTime(now),
      count: 1,
    });
  }

  async #repeat(last: Event, now: Date): Promise<Event> {
    try {
      return await this.client.update(resources.events, { ...last, count: (last.count ?? 1) + 1, lastTimestamp: formatTime(now) });
    } catch (err) {
      // Expired (or removed) meanwhile: the repeat starts a new event, as client-go's does.
      if (err instanceof StatusError && err.status.code === 404) {
        return this.client.create(resources.events, { ...last, metadata: { name: last.metadata.name, namespace: last.metadata.namespace }, count: 1, firstTimestamp: formatTime(now), lastTimestamp: formatTime(now) });
      }
      throw err;
    }
  }
}
