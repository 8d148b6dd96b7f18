// A bounded memory of byte strings this process has checked, each answered once: a check made on
// one step of a certificate's path (the API server's create, the signer's signature) stands in for
// the same check on the next step inside this process, and only for that one use.

/** Enough for every certificate between two steps at any realistic backlog; older entries are checked again. */
const defaultCapacity = 4096;

const keyOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/**
 * Byte strings remembered until taken, the oldest forgotten past `capacity`. The same bytes
 * remembered twice (one request submitted twice, each checked) are there to be taken twice.
 */
export class TakeOnceSet {
  /** How many times each string is remembered and not yet taken. */
  readonly #entries = new Map<string, number>();

  constructor(private readonly capacity = defaultCapacity) {}

  /** Remembers `bytes`. */
  remember(bytes: Uint8Array): void {
    const key = keyOf(bytes);
    const count = this.#entries.get(key) ?? 0;
    this.#entries.delete(key);
    this.#entries.set(key, count + 1);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Whether `bytes` were remembered more often than taken; takes them once. */
  take(bytes: Uint8Array): boolean {
    const key = keyOf(bytes);
    const count = this.#entries.get(key);
    if (count === undefined) return false;
    if (count > 1) this.#entries.set(key, count - 1);
    else this.#entries.delete(key);
    return true;
  }
}
