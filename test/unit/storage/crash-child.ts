// Child process for the SQLite durability and lock tests: `burst <db>` creates keys with many writes in flight and
// prints each acknowledged key with its revision; `try-open <db>` reports whether the database could be opened.

import { SqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';
import { StoreLockedError } from '../../../src/storage/store.js';

const [mode, path] = process.argv.slice(2);

async function burst(db: string): Promise<void> {
  const store = SqliteStore.open({ path: db });
  console.log('ready');
  const inFlight = 64;
  let next = 0;
  // Bounded: the parent kills this process long before it runs out of keys.
  const worker = async (): Promise<void> => {
    while (next < 1_000_000) {
      const key = `/burst/${next++}`;
      const rev = await store.create(key, new TextEncoder().encode(key));
      process.stdout.write(`ack ${key} ${rev}\n`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

function tryOpen(db: string): void {
  try {
    SqliteStore.open({ path: db });
    console.log('opened');
  } catch (err) {
    console.log(err instanceof StoreLockedError ? 'locked' : `error ${(err as Error).message}`);
  }
}

if (mode === 'burst') await burst(path!);
else if (mode === 'try-open') tryOpen(path!);
else throw new Error(`unknown mode ${mode}`);
