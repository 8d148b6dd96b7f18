// An ordered set of keys in blocks, so inserts, removals and ranks stay cheap at 100,000 keys.

const maxBlock = 512;

/**
 * Sorted keys kept in blocks of at most 512: an insert or removal moves at most one block's elements, and rank walks
 * the block list, instead of shifting one 100,000-element array on every new key. Keys compare as JavaScript strings,
 * which equals the stores' byte order for the ASCII keys signet writes.
 */
export class SortedKeys {
  private blocks: string[][] = [];
  private count = 0;

  /** Builds the set from keys already in ascending order. */
  static fromSorted(keys: readonly string[]): SortedKeys {
    const s = new SortedKeys();
    for (let i = 0; i < keys.length; i += maxBlock / 2) s.blocks.push(keys.slice(i, i + maxBlock / 2));
    s.count = keys.length;
    return s;
  }

  /** Number of keys. */
  get size(): number {
    return this.count;
  }

  /** Adds `key` if absent. */
  add(key: string): void {
    if (this.blocks.length === 0) {
      this.blocks.push([key]);
      this.count = 1;
      return;
    }
    const b = this.blockFor(key);
    const block = this.blocks[b]!;
    const i = lowerBound(block, key);
    if (block[i] === key) return;
    block.splice(i, 0, key);
    this.count++;
    if (block.length > maxBlock) this.blocks.splice(b, 1, block.slice(0, maxBlock / 2), block.slice(maxBlock / 2));
  }

  /** Removes `key` if present. */
  delete(key: string): void {
    if (this.blocks.length === 0) return;
    const b = this.blockFor(key);
    const block = this.blocks[b]!;
    const i = lowerBound(block, key);
    if (block[i] !== key) return;
    block.splice(i, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(b, 1);
  }

  /** How many keys are less than `key`. */
  rank(key: string): number {
    let n = 0;
    for (const block of this.blocks) {
      if (block[block.length - 1]! < key) n += block.length;
      else return n + lowerBound(block, key);
    }
    return n;
  }

  /** Keys >= `key`, ascending. */
  *from(key: string): IterableIterator<string> {
    if (this.blocks.length === 0) return;
    const first = this.blockFor(key);
    for (let b = first, i = lowerBound(this.blocks[first]!, key); b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b]!;
      for (; i < block.length; i++) yield block[i]!;
    }
  }

  /** The block whose range holds `key`: the first whose last key is >= key, else the last block. */
  private blockFor(key: string): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid]!;
      if (block[block.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(block: readonly string[], key: string): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (block[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
