// Puts the API server together from a data directory: storage, registry, authentication,
// authorization; starts it and returns how to stop it.

import type { KeyObject } from 'node:crypto';
import type { Certificate } from '../pki/certificate.js';
import { openStore } from '../storage/open.js';
import type { Store } from '../storage/store.js';
import { ApiServer } from './server.js';
import { unionAuthenticator } from './authn/authenticator.js';
import { x509Authenticator } from './authn/x509.js';
import { mastersAuthorizer, unionAuthorizer } from './authz/authorizer.js';
import { createRegistry, registryPrefix } from './registry/registry.js';
import { WatchCache } from '../storage/watch-cache.js';
import { resourceHandler } from './handlers/resource-handler.js';
import type { Logger } from './log.js';

/** What the server needs from its data directory. */
export interface ServerMaterial {
  readonly ca: Certificate;
  readonly caPem: string;
  readonly caKey: KeyObject;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly databaseFile: string;
}

/** A running server. */
export interface RunningServer {
  readonly port: number;
  readonly server: ApiServer;
  readonly store: Store;
  /** Drains requests and watches, then closes the database. */
  close(): Promise<void>;
}

/** Opens storage, builds the registry and starts listening. */
export async function startApiServer(opts: { dataDir: ServerMaterial; host: string; port: number; log: Logger }): Promise<RunningServer> {
  const { dataDir, log } = opts;
  const store = await openStore({ kind: 'sqlite', path: dataDir.databaseFile });
  let cache: WatchCache | undefined;
  try {
    cache = await WatchCache.start(store, registryPrefix);
    const registry = createRegistry(store, cache);
    const server = new ApiServer({
      tls: { certPem: dataDir.servingCertPem, keyPem: dataDir.servingKeyPem, clientCaPem: dataDir.caPem },
      authenticator: unionAuthenticator([x509Authenticator([dataDir.ca])]),
      authorizer: unionAuthorizer([mastersAuthorizer]),
      resources: resourceHandler(registry),
      log,
    });
    const address = await server.listen(opts.host, opts.port);
    server.setReady(true);
    return {
      port: address.port,
      server,
      store,
      async close() {
        await server.close();
        await cache!.stop();
        await store.close();
      },
    };
  } catch (err) {
    await cache?.stop();
    await store.close();
    throw err;
  }
}
