// A bounded memory of byte strings this process has checked, each answered once: a check made on
// one step of a certificate's path (the API server's create, the signer's signature) stands in for
// the same check on the next step inside this process, and only for that one use.

/** Enough for every certificate between two steps at any realistic backlog; older entries are checked again. */
const defaultCapacity = 4096;

const keyOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Byte strings remembered until taken, the oldest forgotten past `capacity`. */
export class TakeOnceSet {
  readonly #entries = new Set<string>();

  constructor(private readonly capacity = defaultCapacity) {}

  /** Remembers `bytes`. */
  remember(bytes: Uint8Array): void {
    const key = keyOf(bytes);
    this.#entries.delete(key);
    this.#entries.add(key);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.values().next().value!);
  }

  /** Whether `bytes` were remembered since last taken; takes them. */
  take(bytes: Uint8Array): boolean {
    return this.#entries.delete(keyOf(bytes));
  }
}
