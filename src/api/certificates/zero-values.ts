// What Go's JSON decoder makes of a CSR body that leaves parts out or sends null: the spec and the
// status are struct values, so an absent or null one is the zero struct, and a null element of
// `status.conditions` is a zero condition. Everything after decoding (defaulting, validation,
// the strategies) may then rely on those parts being objects, and a body like `{}` is refused by
// validation with the required fields named, as kube-apiserver does, rather than crashing.

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fills in, in place, the zero values Go's decoder would have; returns the same object. */
export function fillCsrZeroValues<T extends object>(csr: T): T {
  const o = csr as Loose;
  if (o['spec'] === undefined || o['spec'] === null) o['spec'] = {};
  if (o['status'] === null) o['status'] = {};
  const status = o['status'];
  if (isObject(status) && Array.isArray(status['conditions'])) {
    const conditions = status['conditions'] as unknown[];
    for (let i = 0; i < conditions.length; i++) if (conditions[i] === null) conditions[i] = {};
  }
  return csr;
}
