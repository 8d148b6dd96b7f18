// Validating admission: checks that run after a write passed its resource's validation and
// before it is persisted, with the request's user at hand.
// Mirrors k8s.io/apiserver/pkg/admission/interfaces.go (ValidationInterface) in shape.

import type { GroupResource } from '../../api/errors.js';
import type { UserInfo } from '../../api/types.js';
import type { ApiObject } from '../registry/resource.js';

/** What a write is about. */
export interface AdmissionAttributes {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly resource: GroupResource;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The object to be stored (absent for DELETE). */
  readonly object?: ApiObject;
  /** The stored object (UPDATE and DELETE). */
  readonly oldObject?: ApiObject;
  readonly user: UserInfo;
  readonly dryRun: boolean;
  /** On CREATE, what the store's precheck found (a CSR's RequestVerdict), for plugins that can use it. */
  readonly precheck?: unknown;
}

/** One admission plugin; throws a StatusError to refuse the write. */
export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase (before the resource's validation): returns the object to store instead, if any. */
  admit?(a: AdmissionAttributes): ApiObject | undefined | Promise<ApiObject | undefined>;
  /** Validating phase (after validation, before persisting). */
  validate?(a: AdmissionAttributes): void | Promise<void>;
}

/** Runs every plugin in order; the first refusal wins. */
export async function runAdmission(plugins: readonly AdmissionPlugin[], a: AdmissionAttributes): Promise<void> {
  for (const p of plugins) await p.validate?.(a);
}

/** Runs every mutating plugin in order, each seeing the previous one's object; returns the result. */
export async function runMutatingAdmission(plugins: readonly AdmissionPlugin[], a: AdmissionAttributes & { object: ApiObject }): Promise<ApiObject> {
  let obj = a.object;
  for (const p of plugins) if (p.admit) obj = (await p.admit({ ...a, object: obj })) ?? obj;
  return obj;
}
