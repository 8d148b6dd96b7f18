// Opens a storage backend from options: one explicit table of backends, no self-registration.

import { StoreError, type Store } from './store.js';
import { SqliteStore, type Retention } from './sqlite/sqlite-store.js';

/** Options of the embedded SQLite backend (single server). */
export interface SqliteBackendOptions {
  readonly kind: 'sqlite';
  /** The database file; created if missing. */
  readonly path: string;
  readonly retention?: Retention;
  readonly bookmarkIntervalMs?: number;
  readonly lockTimeoutMs?: number;
}

/** Options of the etcd backend (several servers); not implemented yet. */
export interface EtcdBackendOptions {
  readonly kind: 'etcd';
  readonly endpoints: readonly string[];
}

/** Which backend to open, and how. */
export type StoreOptions = SqliteBackendOptions | EtcdBackendOptions;

const backends: { [K in StoreOptions['kind']]: (o: Extract<StoreOptions, { kind: K }>) => Promise<Store> } = {
  sqlite: async (o) => SqliteStore.open(o),
  etcd: async () => {
    throw new StoreError('the etcd storage backend is not implemented yet; use the sqlite backend');
  },
};

/** Opens the backend `options.kind` describes. */
export function openStore(options: StoreOptions): Promise<Store> {
  const open = backends[options.kind] as ((o: StoreOptions) => Promise<Store>) | undefined;
  if (!open) return Promise.reject(new StoreError(`unknown storage backend: ${String((options as { kind: unknown }).kind)}`));
  return open(options);
}
