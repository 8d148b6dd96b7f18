// A served version that is also the storage version: no conversion.

import type { ServedVersion } from './resource.js';
import type { KindSchema } from '../../api/openapi/schema-kit.js';

/** The storage version itself, published with `schema`. */
export function storageVersion(version: string, schema: KindSchema): ServedVersion {
  return { version, schema, toVersion: (o) => o, fromVersion: (o) => o };
}
