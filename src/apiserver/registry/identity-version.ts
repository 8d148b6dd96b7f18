// A served version that is also the storage version: no conversion.

import type { ServedVersion } from './resource.js';

/** The storage version itself. */
export function storageVersion(version: string): ServedVersion {
  return { version, toVersion: (o) => o, fromVersion: (o) => o };
}
