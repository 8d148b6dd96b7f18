// Live keys by their last write, oldest first, for a memory store's time-to-live and key cap. A
// Map keeps that order too, but taking its first key after many deletions at its front walks
// every deleted slot (V8 compacts the table only when it resizes): with a full Event store, each
// eviction cost as much as the write that caused it.

interface Written {
  readonly key: string;
  /** Which write of the key this is: an entry whose key was written again or removed since is stale. */
  readonly seq: number;
  /** When, by the store's clock. */
  readonly at: number;
}

/** Keys in the order of their last write; each operation O(1), amortized. */
export class WriteOrder {
  #entries: Written[] = [];
  #head = 0;
  #seq = 0;
  readonly #latest = new Map<string, number>();

  /** `key` was written at `at`: it is now the most recent. */
  written(key: string, at: number): void {
    const seq = ++this.#seq;
    this.#latest.set(key, seq);
    this.#entries.push({ key, seq, at });
    // Keys written again and again leave stale entries behind; past twice the live ones, drop them.
    if (this.#entries.length - this.#head > 2 * this.#latest.size + 1024) this.#compact(true);
  }

  /** `key` is gone. */
  removed(key: string): void {
    this.#latest.delete(key);
  }

  /** The least recently written live key, and when it was written. */
  oldest(): { readonly key: string; readonly at: number } | undefined {
    while (this.#head < this.#entries.length) {
      const e = this.#entries[this.#head]!;
      if (this.#latest.get(e.key) === e.seq) return e;
      this.#head++;
    }
    if (this.#head > 1024) this.#compact(false);
    return undefined;
  }

  #compact(dropStale: boolean): void {
    const live = this.#entries.slice(this.#head);
    this.#entries = dropStale ? live.filter((e) => this.#latest.get(e.key) === e.seq) : live;
    this.#head = 0;
  }
}
