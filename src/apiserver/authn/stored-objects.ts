// Reads of the stored core objects that credentials point at (ServiceAccounts, Secrets, Pods),
// straight from storage at the generic registry's keys, so authentication does not depend on
// which resources the registry serves.

import type { Store } from '../../storage/store.js';
import type { ApiObject } from '../registry/resource.js';
import { decodeObject } from '../registry/object-codec.js';

/** Looks up a namespaced core object; undefined when absent. */
export type ObjectReader = (resource: string, namespace: string, name: string) => Promise<ApiObject | undefined>;

/** An ObjectReader over `store` (keys `/registry/core/<resource>/<namespace>/<name>`). */
export function storeObjectReader(store: Store): ObjectReader {
  return async (resource, namespace, name) => {
    const kv = await store.get(`/registry/core/${resource}/${namespace}/${name}`);
    return kv ? decodeObject(kv) : undefined;
  };
}

/** The decoded value of `data[key]` of a Secret (base64 in storage), or of `stringData[key]`. */
export function secretValue(secret: ApiObject, key: string): string | undefined {
  const data = secret['data'] as Record<string, unknown> | undefined;
  const v = data?.[key];
  if (typeof v === 'string') return Buffer.from(v, 'base64').toString('utf8');
  const stringData = secret['stringData'] as Record<string, unknown> | undefined;
  const s = stringData?.[key];
  return typeof s === 'string' ? s : undefined;
}
