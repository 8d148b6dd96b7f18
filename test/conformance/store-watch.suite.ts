// The watch part of the Store conformance suite, and a reader that takes watch events with a liveness guard.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactedError, TooLargeResourceVersionError, eventRevision, type Store, type WatchEvent } from '../../src/storage/store.js';
import type { WithStore } from './store.suite.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
/** Liveness guard for waiting on events; a missing event fails the test instead of hanging it. */
const guardMs = 10_000;

/** Reads a watch one event at a time, with a liveness guard. */
export class WatchReader {
  private readonly ac = new AbortController();
  private readonly it: AsyncIterator<WatchEvent>;

  constructor(store: Pick<Store, 'watch'>, prefix: string, after: number) {
    this.it = store.watch(prefix, after, this.ac.signal)[Symbol.asyncIterator]();
  }

  /** The next event, bookmarks included; undefined when the watch ended. */
  async next(): Promise<WatchEvent | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no watch event within ${guardMs} ms`)), guardMs);
    });
    try {
      const r = await Promise.race([this.it.next(), guard]);
      return r.done ? undefined : r.value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The next `n` PUT or DELETE events, skipping bookmarks. */
  async take(n: number): Promise<WatchEvent[]> {
    const out: WatchEvent[] = [];
    while (out.length < n) {
      const e = await this.next();
      if (!e) throw new Error(`watch ended after ${out.length} of ${n} events`);
      if (e.type !== 'BOOKMARK') out.push(e);
    }
    return out;
  }

  /** Ends the watch. */
  async stop(): Promise<void> {
    this.ac.abort();
    await this.it.return?.();
  }
}

export function summary(events: readonly WatchEvent[]): string[] {
  return events.map((e) => (e.type === 'BOOKMARK' ? `BOOKMARK` : `${e.type} ${e.kv.key} ${e.type === 'PUT' ? dec(e.kv.value) : ''}`.trim()));
}

/** Registers the watch tests. */
export function describeWatches(withStore: WithStore): void {
  describe('watches', () => {
    test('a watch from revision r yields exactly the events after r, in order, once, with prevKv', withStore(async ({ store }) => {
      const c = await store.create('/w/a', enc('1'));
      const r = await store.create('/w/b', enc('1'));
      const u = await store.update('/w/a', enc('2'), c);
      const d = await store.delete('/w/b');
      const c2 = await store.create('/w/b', enc('3'));
      await store.create('/other', enc('x'));
      const w = new WatchReader(store, '/w/', r);
      const events = await w.take(3);
      await store.create('/w/z', enc('sentinel'));
      const [sentinel] = await w.take(1);
      await w.stop();
      assert.deepEqual(summary(events), ['PUT /w/a 2', 'DELETE /w/b', 'PUT /w/b 3']);
      assert.deepEqual(events.map(eventRevision), [u, d.revision, c2]);
      const [upd, del, re] = events as [Extract<WatchEvent, { type: 'PUT' }>, Extract<WatchEvent, { type: 'DELETE' }>, Extract<WatchEvent, { type: 'PUT' }>];
      assert.deepEqual([upd.prevKv?.modRevision, dec(upd.prevKv!.value), upd.kv.createRevision], [c, '1', c]);
      assert.deepEqual([del.prevKv.modRevision, dec(del.prevKv.value), del.kv.key], [r, '1', '/w/b']);
      assert.equal(re.prevKv, undefined, 'a create after a delete has no prevKv');
      assert.equal(summary([sentinel!])[0], 'PUT /w/z sentinel');
    }));

    test('a watch from the current revision sees only later changes', withStore(async ({ store }) => {
      await store.create('/w/old', enc('1'));
      const w = new WatchReader(store, '/w/', await store.currentRevision());
      const rev = await store.create('/w/new', enc('2'));
      const [e] = await w.take(1);
      await w.stop();
      assert.deepEqual([e!.type, eventRevision(e!)], ['PUT', rev]);
    }));

    test('a watch sees only its prefix', withStore(async ({ store }) => {
      const w = new WatchReader(store, '/a/', await store.currentRevision());
      await store.create('/ab', enc('no'));
      await store.create('/b/x', enc('no'));
      await store.create('/a/x', enc('yes'));
      const [e] = await w.take(1);
      await w.stop();
      assert.deepEqual(summary([e!]), ['PUT /a/x yes']);
    }));

    test('history and live events join without gaps or duplicates under concurrent writes', withStore(async ({ store }) => {
      const start = await store.currentRevision();
      for (let i = 0; i < 30; i++) await store.create(`/g/${i}`, enc('h'));
      const w = new WatchReader(store, '/g/', start);
      const live = Promise.all(Array.from({ length: 60 }, (_, i) => store.create(`/g/live${i}`, enc('l'))));
      const events = await w.take(90);
      await live;
      await store.create('/g/sentinel', enc('s'));
      const [last] = await w.take(1);
      await w.stop();
      const revs = events.map(eventRevision);
      for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, 'ordered and unique');
      assert.equal(new Set(events.map((e) => (e as { kv: { key: string } }).kv.key)).size, 90);
      assert.equal(summary([last!])[0], 'PUT /g/sentinel s');
    }));

    test('many watchers of one prefix each see every event once', withStore(async ({ store }) => {
      const from = await store.currentRevision();
      const readers = Array.from({ length: 25 }, () => new WatchReader(store, '/m/', from));
      for (let i = 0; i < 5; i++) await store.create(`/m/${i}`, enc(String(i)));
      for (const r of readers) {
        assert.deepEqual(summary(await r.take(5)), [0, 1, 2, 3, 4].map((i) => `PUT /m/${i} ${i}`));
        await r.stop();
      }
    }));

    test('a watch from a compacted revision fails with CompactedError', withStore(async ({ store }) => {
      const first = await store.create('/c/a', enc('1'));
      await store.update('/c/a', enc('2'), first);
      const rev = await store.create('/c/b', enc('1'));
      await store.compact(rev);
      const w = new WatchReader(store, '/c/', first);
      await assert.rejects(w.next(), (e) => e instanceof CompactedError && e.compactRevision === rev && e.currentRevision === rev);
    }));

    test('a watch from the compact revision itself works', withStore(async ({ store }) => {
      const c = await store.create('/c/a', enc('1'));
      const rev = await store.update('/c/a', enc('2'), c);
      await store.compact(rev);
      const w = new WatchReader(store, '/c/', rev);
      const d = await store.delete('/c/a');
      const [e] = await w.take(1);
      await w.stop();
      assert.deepEqual([e!.type, eventRevision(e!), e!.type === 'DELETE' && dec(e!.prevKv.value)], ['DELETE', d.revision, '2']);
    }));

    test('a watch above the current revision fails with TooLargeResourceVersionError', withStore(async ({ store }) => {
      const rev = await store.currentRevision();
      await assert.rejects(new WatchReader(store, '/', rev + 5).next(), TooLargeResourceVersionError);
    }));

    test('aborting the signal ends the watch', withStore(async ({ store }) => {
      const ac = new AbortController();
      const it = store.watch('/', await store.currentRevision(), ac.signal)[Symbol.asyncIterator]();
      const pending = it.next();
      ac.abort();
      assert.equal((await pending).done, true);
    }));

    test('bookmarks are monotonic and never ahead of an undelivered event', withStore(async ({ store }) => {
      const w = new WatchReader(store, '/bm/', await store.currentRevision());
      const seen: WatchEvent[] = [];
      for (let round = 0; round < 3; round++) {
        const other = await store.create(`/elsewhere/${round}`, enc('x'));
        let e: WatchEvent | undefined;
        do {
          store.requestProgress?.();
          e = await w.next();
          seen.push(e!);
        } while (e && (e.type !== 'BOOKMARK' || e.revision < other));
        await store.create(`/bm/${round}`, enc('y'));
      }
      await w.stop();
      const revs = seen.map(eventRevision);
      for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! >= revs[i - 1]!, `monotonic: ${revs}`);
      assert.equal(seen.filter((e) => e.type === 'PUT').length, 2, 'the PUTs of rounds 0 and 1 came before later bookmarks');
    }));
  });
}

