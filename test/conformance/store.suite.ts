// The Store contract as tests: every backend runs this suite unchanged (storage.md §1.3).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompactedError, ConflictError, FenceLostError, KeyExistsError, NotFoundError, StoreClosedError, TooLargeResourceVersionError,
  eventRevision, type Store,
} from '../../src/storage/store.js';
import { WatchReader, describeWatches } from './store-watch.suite.js';

export { WatchReader } from './store-watch.suite.js';

/**
 * A fresh, empty store for one test. The backend must compact exactly to the requested revision (no retention), and
 * send BOOKMARKs to idle watchers at least every 100 ms (or on `requestProgress`).
 */
export interface StoreHarness {
  readonly store: Store;
  /** Closes the store and opens it again on the same data; later calls to `store` see the new one. */
  restart(): Promise<Store>;
  /** Closes the store and removes its data. */
  cleanup(): Promise<void>;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
/** Registers the conformance tests for one backend. */
export function runStoreConformance(name: string, open: () => Promise<StoreHarness>, opts: { readonly durable?: boolean } = {}): void {
  const withStore = (fn: (h: StoreHarness) => Promise<void>) => async () => {
    const h = await open();
    try {
      await fn(h);
    } finally {
      await h.cleanup();
    }
  };

  describe(`Store conformance: ${name}`, () => {
    describeWrites(withStore);
    describeLists(withStore);
    describeWatches(withStore);
    describeCompaction(withStore);
    describeLifecycle(withStore, opts.durable !== false);
  });
}

/** Wraps a test body so it runs on a fresh store that is cleaned up afterwards. */
export type WithStore = (fn: (h: StoreHarness) => Promise<void>) => () => Promise<void>;

function describeWrites(withStore: WithStore): void {
  describe('writes', () => {
    test('an empty store reports a positive revision and no keys', withStore(async ({ store }) => {
      assert.ok((await store.currentRevision()) >= 1);
      assert.equal(await store.get('/a'), undefined);
      assert.deepEqual((await store.list('/')).kvs, []);
    }));

    test('create returns the revision get reports as create and mod revision', withStore(async ({ store }) => {
      const rev = await store.create('/a', enc('one'));
      const kv = await store.get('/a');
      assert.deepEqual({ ...kv!, value: dec(kv!.value) }, { key: '/a', value: 'one', createRevision: rev, modRevision: rev });
      assert.equal(await store.currentRevision(), rev);
    }));

    test('revisions strictly increase across writes', withStore(async ({ store }) => {
      const revs = [await store.create('/a', enc('1')), await store.create('/b', enc('2'))];
      revs.push(await store.update('/a', enc('3'), revs[0]!));
      revs.push((await store.delete('/b')).revision);
      for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, `${revs}`);
    }));

    test('creating a live key fails with KeyExistsError', withStore(async ({ store }) => {
      await store.create('/a', enc('1'));
      await assert.rejects(store.create('/a', enc('2')), (e) => e instanceof KeyExistsError && e.key === '/a');
      assert.equal(dec((await store.get('/a'))!.value), '1');
    }));

    test('update with the current mod revision replaces the value and keeps the create revision', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const u = await store.update('/a', enc('2'), c);
      assert.ok(u > c);
      const kv = (await store.get('/a'))!;
      assert.deepEqual([dec(kv.value), kv.createRevision, kv.modRevision], ['2', c, u]);
    }));

    test('update with a stale mod revision fails with ConflictError carrying the current kv', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const u = await store.update('/a', enc('2'), c);
      await assert.rejects(store.update('/a', enc('3'), c), (e) => {
        assert.ok(e instanceof ConflictError);
        assert.deepEqual([e.current.modRevision, e.current.createRevision, dec(e.current.value)], [u, c, '2']);
        return true;
      });
    }));

    test('commitAll writes each value in turn: its own revision and watch event; an update may expect the write before it', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const watch = new WatchReader(store, '/', c);
      try {
        const revisions = await store.commitAll([
          { op: 'update', key: '/a', value: enc('2'), expectedModRevision: c },
          { op: 'update', key: '/a', value: enc('3'), expectedModRevision: 'previous' },
          { op: 'create', key: '/b', value: enc('b') },
        ]);
        assert.equal(revisions.length, 3);
        assert.ok(revisions[0]! > c && revisions[1]! > revisions[0]! && revisions[2]! > revisions[1]!);
        const kv = (await store.get('/a'))!;
        assert.deepEqual([dec(kv.value), kv.createRevision, kv.modRevision], ['3', c, revisions[1]]);
        assert.deepEqual([dec((await store.get('/b'))!.value), (await store.get('/b'))!.createRevision], ['b', revisions[2]]);
        const events = await watch.take(3);
        assert.deepEqual(events.map((e) => [e.type, e.type === 'BOOKMARK' ? '' : e.kv.key, e.type === 'BOOKMARK' ? '' : dec(e.kv.value), eventRevision(e), e.type === 'PUT' && e.prevKv ? dec(e.prevKv.value) : '']), [
          ['PUT', '/a', '2', revisions[0], '1'],
          ['PUT', '/a', '3', revisions[1], '2'],
          ['PUT', '/b', 'b', revisions[2], ''],
        ]);
      } finally {
        await watch.stop();
      }
    }));

    test('commitAll is all or none: any refusal throws that refusal and writes nothing of the group', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const u = await store.update('/a', enc('2'), c);
      await store.create('/taken', enc('t'));
      await assert.rejects(store.commitAll([{ op: 'update', key: '/a', value: enc('x'), expectedModRevision: c }, { op: 'create', key: '/new', value: enc('y') }]),
        (e) => e instanceof ConflictError && e.current.modRevision === u);
      await assert.rejects(store.commitAll([{ op: 'create', key: '/new', value: enc('y') }, { op: 'update', key: '/a', value: enc('x'), expectedModRevision: u }, { op: 'create', key: '/taken', value: enc('z') }]),
        KeyExistsError);
      await assert.rejects(store.commitAll([{ op: 'update', key: '/none', value: enc('x'), expectedModRevision: u }, { op: 'update', key: '/none', value: enc('y'), expectedModRevision: 'previous' }]), NotFoundError);
      assert.equal(await store.get('/new'), undefined);
      const kv = (await store.get('/a'))!;
      const current = await store.currentRevision();
      assert.deepEqual([dec(kv.value), kv.modRevision], ['2', u]);
      assert.equal(current, (await store.get('/taken'))!.modRevision, 'no revision was spent on the refused groups');
    }));

    test('commitAll beside other writes of the same turn: each write lands once, a refused group takes none of the others down', withStore(async ({ store }) => {
      const a = await store.create('/a', enc('1'));
      const results = await Promise.allSettled([
        store.commitAll([{ op: 'update', key: '/a', value: enc('2'), expectedModRevision: a }, { op: 'update', key: '/a', value: enc('3'), expectedModRevision: 'previous' }]),
        store.create('/b', enc('b')),
        store.commitAll([{ op: 'create', key: '/c', value: enc('c') }, { op: 'update', key: '/a', value: enc('stale'), expectedModRevision: a - 1 }]),
        store.create('/d', enc('d')),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual(await Promise.all(['/a', '/b', '/c', '/d'].map(async (k) => { const kv = await store.get(k); return kv && dec(kv.value); })), ['3', 'b', undefined, 'd']);
    }));

    test('update of a missing or deleted key fails with NotFoundError', withStore(async ({ store }) => {
      await assert.rejects(store.update('/none', enc('x'), 5), NotFoundError);
      const c = await store.create('/a', enc('1'));
      await store.delete('/a');
      await assert.rejects(store.update('/a', enc('x'), c), NotFoundError);
    }));

    test('delete returns the deleted kv and the deletion revision', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const d = await store.delete('/a');
      assert.ok(d.revision > c);
      assert.deepEqual([d.prevKv.key, dec(d.prevKv.value), d.prevKv.modRevision], ['/a', '1', c]);
      assert.equal(await store.get('/a'), undefined);
    }));

    test('delete with a stale mod revision fails with ConflictError and keeps the key', withStore(async ({ store }) => {
      const c = await store.create('/a', enc('1'));
      const u = await store.update('/a', enc('2'), c);
      await assert.rejects(store.delete('/a', c), (e) => e instanceof ConflictError && e.current.modRevision === u);
      assert.equal((await store.get('/a'))!.modRevision, u);
      assert.ok((await store.delete('/a', u)).revision > u);
    }));

    test('delete of a missing key fails with NotFoundError', withStore(async ({ store }) => {
      await assert.rejects(store.delete('/none'), NotFoundError);
    }));

    test('a deleted key can be created again with a new create revision', withStore(async ({ store }) => {
      const c1 = await store.create('/a', enc('1'));
      await store.delete('/a');
      const c2 = await store.create('/a', enc('2'));
      const kv = (await store.get('/a'))!;
      assert.ok(c2 > c1);
      assert.deepEqual([kv.createRevision, kv.modRevision, dec(kv.value)], [c2, c2, '2']);
    }));

    test('concurrent creates of one key: exactly one wins', withStore(async ({ store }) => {
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.create('/race', enc(`v${i}`))));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof KeyExistsError);
      assert.equal((await store.get('/race'))!.modRevision, (won[0] as PromiseFulfilledResult<number>).value);
    }));

    test('concurrent updates from one revision: exactly one wins, the others see it', withStore(async ({ store }) => {
      const c = await store.create('/race', enc('0'));
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.update('/race', enc(`v${i}`), c)));
      const won = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError && r.reason.current.modRevision === won[0]!.value);
      }
    }));

    test('values round-trip byte for byte, including empty and large ones', withStore(async ({ store }) => {
      const binary = new Uint8Array(256).map((_, i) => i);
      const large = new Uint8Array(1 << 20).fill(7);
      await store.create('/bin', binary);
      await store.create('/empty', new Uint8Array(0));
      await store.create('/large', large);
      assert.deepEqual(new Uint8Array((await store.get('/bin'))!.value), binary);
      assert.equal((await store.get('/empty'))!.value.length, 0);
      assert.deepEqual(new Uint8Array((await store.get('/large'))!.value), large);
    }));

    test('the stored value does not change when the caller reuses its buffer', withStore(async ({ store }) => {
      const buf = enc('abc');
      await store.create('/a', buf);
      buf.fill(0);
      assert.equal(dec((await store.get('/a'))!.value), 'abc');
    }));

    test('a fenced write succeeds while the fence key holds and fails with FenceLostError after', withStore(async ({ store }) => {
      const e = await store.create('/election/leader', enc('me'));
      const fence = { key: '/election/leader', createRevision: e };
      const c = await store.create('/a', enc('1'), fence);
      const u = await store.update('/a', enc('2'), c, fence);
      await store.delete('/election/leader');
      await store.create('/election/leader', enc('other'));
      await assert.rejects(store.update('/a', enc('3'), u, fence), FenceLostError);
      await assert.rejects(store.create('/b', enc('1'), fence), FenceLostError);
      await assert.rejects(store.delete('/a', u, fence), FenceLostError);
      assert.equal(dec((await store.get('/a'))!.value), '2');
    }));
  });
}

function describeLists(withStore: WithStore): void {
  describe('lists', () => {
    test('list returns the live keys under the prefix in key order, and nothing beside it', withStore(async ({ store }) => {
      for (const k of ['/r/b', '/r/a', '/r/c', '/rx', '/r', '/q/a']) await store.create(k, enc(k));
      await store.delete('/r/c');
      const page = await store.list('/r/');
      assert.deepEqual(page.kvs.map((kv) => kv.key), ['/r/a', '/r/b']);
      assert.deepEqual([page.more, page.count, page.remaining, page.revision], [false, 2, 0, await store.currentRevision()]);
    }));

    test('the empty prefix lists every key', withStore(async ({ store }) => {
      for (const k of ['/b', '/a', 'z']) await store.create(k, enc(k));
      assert.deepEqual((await store.list('')).kvs.map((kv) => kv.key), ['/a', '/b', 'z']);
    }));

    test('limit pages with more, count and remaining; startKey continues', withStore(async ({ store }) => {
      for (let i = 0; i < 10; i++) await store.create(`/p/${i}`, enc(String(i)));
      const first = await store.list('/p/', { limit: 3 });
      assert.deepEqual([first.kvs.length, first.more, first.count, first.remaining], [3, true, 10, 7]);
      const next = await store.list('/p/', { limit: 3, revision: first.revision, startKey: first.kvs[2]!.key + '\u0000' });
      assert.deepEqual(next.kvs.map((kv) => kv.key), ['/p/3', '/p/4', '/p/5']);
      assert.deepEqual([next.more, next.count, next.remaining], [true, 7, 4]);
      const last = await store.list('/p/', { limit: 4, revision: first.revision, startKey: '/p/6' });
      assert.deepEqual([last.kvs.length, last.more, last.count, last.remaining], [4, false, 4, 0]);
    }));

    test('a list at an older revision sees the state of that revision', withStore(async ({ store }) => {
      const a = await store.create('/s/a', enc('a1'));
      await store.create('/s/b', enc('b1'));
      const pinned = await store.currentRevision();
      await store.update('/s/a', enc('a2'), a);
      await store.delete('/s/b');
      await store.create('/s/c', enc('c1'));
      const old = await store.list('/s/', { revision: pinned });
      assert.deepEqual(old.kvs.map((kv) => `${kv.key}=${dec(kv.value)}`), ['/s/a=a1', '/s/b=b1']);
      assert.equal(old.revision, pinned);
      const now = await store.list('/s/');
      assert.deepEqual(now.kvs.map((kv) => `${kv.key}=${dec(kv.value)}`), ['/s/a=a2', '/s/c=c1']);
    }));

    test('paging stays at the pinned revision while writes continue', withStore(async ({ store }) => {
      const revs = new Map<string, number>();
      for (let i = 0; i < 40; i++) revs.set(`/k/${String(i).padStart(2, '0')}`, await store.create(`/k/${String(i).padStart(2, '0')}`, enc('orig')));
      const seen: string[] = [];
      let page = await store.list('/k/', { limit: 7 });
      const pinned = page.revision;
      let i = 0;
      for (;;) {
        seen.push(...page.kvs.map((kv) => `${kv.key}=${dec(kv.value)}`));
        // Between pages: change keys on both sides of the cursor, delete some, add some.
        const writes = [store.update(`/k/${String(39 - i).padStart(2, '0')}`, enc('new'), revs.get(`/k/${String(39 - i).padStart(2, '0')}`)!),
          store.delete(`/k/${String(i).padStart(2, '0')}`), store.create(`/k/${String(i).padStart(2, '0')}x`, enc('new'))];
        await Promise.all(writes);
        i++;
        if (!page.more) break;
        page = await store.list('/k/', { limit: 7, revision: pinned, startKey: page.kvs[page.kvs.length - 1]!.key + '\u0000' });
        assert.equal(page.revision, pinned);
      }
      assert.deepEqual(seen, [...revs.keys()].map((k) => `${k}=orig`));
    }));

    test('a list above the current revision fails with TooLargeResourceVersionError', withStore(async ({ store }) => {
      const rev = await store.create('/a', enc('1'));
      await assert.rejects(store.list('/', { revision: rev + 10 }), (e) =>
        e instanceof TooLargeResourceVersionError && e.requestedRevision === rev + 10 && e.currentRevision === rev);
    }));

    test('get and list never return deleted keys', withStore(async ({ store }) => {
      for (let i = 0; i < 5; i++) await store.create(`/d/${i}`, enc('x'));
      for (let i = 0; i < 5; i += 2) await store.delete(`/d/${i}`);
      assert.deepEqual((await store.list('/d/')).kvs.map((kv) => kv.key), ['/d/1', '/d/3']);
      assert.equal(await store.get('/d/0'), undefined);
    }));
  });
}

function describeCompaction(withStore: WithStore): void {
  describe('compaction', () => {
    test('compaction keeps the current state and moves the compact revision', withStore(async ({ store }) => {
      const a = await store.create('/k/a', enc('1'));
      await store.update('/k/a', enc('2'), a);
      await store.create('/k/b', enc('1'));
      await store.delete('/k/b');
      const rev = await store.create('/k/c', enc('1'));
      assert.equal(await store.compact(rev), rev);
      assert.equal(await store.compactRevision(), rev);
      assert.deepEqual((await store.list('/k/')).kvs.map((kv) => `${kv.key}=${dec(kv.value)}`), ['/k/a=2', '/k/c=1']);
      assert.equal(await store.get('/k/b'), undefined);
      await store.create('/k/b', enc('again'));
      assert.equal(dec((await store.get('/k/b'))!.value), 'again');
    }));

    test('a list below the compact revision fails with CompactedError; at it, it works', withStore(async ({ store }) => {
      const a = await store.create('/k/a', enc('1'));
      const rev = await store.update('/k/a', enc('2'), a);
      await store.compact(rev);
      await assert.rejects(store.list('/k/', { revision: a }), (e) => e instanceof CompactedError && e.compactRevision === rev);
      assert.deepEqual((await store.list('/k/', { revision: rev })).kvs.map((kv) => dec(kv.value)), ['2']);
    }));

    test('continuing a paged list after compaction past its revision fails with CompactedError', withStore(async ({ store }) => {
      for (let i = 0; i < 6; i++) await store.create(`/k/${i}`, enc('x'));
      const first = await store.list('/k/', { limit: 2 });
      const later = await store.create('/k/9', enc('x'));
      await store.compact(later);
      await assert.rejects(
        store.list('/k/', { limit: 2, revision: first.revision, startKey: first.kvs[1]!.key + '\u0000' }), CompactedError);
    }));

    test('compacting to a future revision fails; to an older one is a no-op', withStore(async ({ store }) => {
      const a = await store.create('/k/a', enc('1'));
      const b = await store.create('/k/b', enc('1'));
      await assert.rejects(store.compact(b + 1), TooLargeResourceVersionError);
      await store.compact(b);
      assert.equal(await store.compact(a), b);
    }));
  });
}

function describeLifecycle(withStore: WithStore, durable: boolean): void {
  // A store that keeps nothing across a restart (memory) has no restart to test.
  const skip = durable ? false : 'the backend keeps nothing across a restart';
  describe('lifecycle', () => {
    test('after a restart data survives and revisions keep increasing', { skip }, withStore(async (h) => {
      const a = await h.store.create('/k/a', enc('1'));
      const b = await h.store.create('/k/b', enc('1'));
      await h.store.delete('/k/b');
      await h.store.compact(b);
      const before = await h.store.currentRevision();
      const store = await h.restart();
      assert.equal(await store.currentRevision(), before);
      assert.equal(await store.compactRevision(), b);
      assert.deepEqual((await store.list('/k/')).kvs.map((kv) => [kv.key, kv.modRevision]), [['/k/a', a]]);
      assert.ok((await store.create('/k/b', enc('2'))) > before);
    }));

    test('a watch resumed after a restart continues from its revision', { skip }, withStore(async (h) => {
      const from = await h.store.create('/k/a', enc('1'));
      const next = await h.store.create('/k/b', enc('1'));
      const store = await h.restart();
      const w = new WatchReader(store, '/k/', from);
      const [e] = await w.take(1);
      await w.stop();
      assert.equal(eventRevision(e!), next);
    }));

    test('close ends open watches and later calls fail with StoreClosedError', withStore(async ({ store }) => {
      const w = new WatchReader(store, '/', await store.currentRevision());
      const pending = w.next();
      await store.close();
      assert.equal(await pending, undefined);
      await assert.rejects(store.get('/a'), StoreClosedError);
      await assert.rejects(store.create('/a', enc('1')), StoreClosedError);
    }));

    test('writes queued before close are committed', { skip }, withStore(async (h) => {
      const writes = Array.from({ length: 10 }, (_, i) => h.store.create(`/q/${i}`, enc('x')));
      await h.store.close();
      await Promise.all(writes);
      const store = await h.restart();
      assert.equal((await store.list('/q/')).kvs.length, 10);
    }));
  });
}
