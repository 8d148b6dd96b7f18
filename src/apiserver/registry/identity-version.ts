// A served version that is also the storage version: no conversion.

import type { SchemaNames, ServedVersion } from './resource.js';

/** The storage version itself, published with `schema`. */
export function storageVersion(version: string, schema: SchemaNames): ServedVersion {
  return { version, schema, toVersion: (o) => o, fromVersion: (o) => o };
}
