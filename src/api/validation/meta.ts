// ObjectMeta validation on create and update, for cluster-scoped and namespaced objects.
// Mirrors `k8s.io/apimachinery/pkg/api/validation/{objectmeta,generic}.go`, the meta/v1 label and
// managedFields checks, and the finalizer rule `pkg/apis/core/validation` adds for built-in kinds.

import { child, forbidden, index, invalid, required, tooLong, type FieldError } from '../field-error.js';
import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../types.js';
import { byteLength, isQualifiedName, isValidLabelValue, validatePathSegmentName } from './names.js';

/** A resource's name rule: problems with `name`; `prefix` is true for generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** The rule for CSR names: anything goes ("we don't care what you call your certificate requests"). */
export const anyName: NameValidator = () => [];

/** Total bytes of annotation keys plus values. */
export const totalAnnotationSizeLimit = 256 * 1024;
/** Longest field manager name. */
export const fieldManagerMaxLength = 128;
/** Longest managedFields subresource name. */
export const maxSubresourceNameLength = 256;

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Options for `validateObjectMeta`. */
export interface MetaRules {
  /** Whether the object lives in a namespace; CSRs do not. */
  readonly namespaced: boolean;
  readonly nameFn: NameValidator;
  /** Built-in kinds also reject unqualified non-standard finalizers. Defaults to true. */
  readonly builtinFinalizerRule?: boolean;
}

/** Create-time metadata validation (all errors, each with its path under `path`). */
export function validateObjectMeta(meta: ObjectMeta, rules: MetaRules, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  const name = meta.name ?? '';
  if (generateName !== '') {
    for (const msg of rules.nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  }
  if (name === '') errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else for (const msg of rules.nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  const namespace = meta.namespace ?? '';
  if (rules.namespaced) {
    if (namespace === '') errs.push(required(child(path, 'namespace')));
  } else if (namespace !== '') {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  if ((meta.generation ?? 0) < 0) errs.push(invalid(child(path, 'generation'), meta.generation!, 'must be greater than or equal to 0'));
  for (const item of validateLabels(meta.labels, child(path, 'labels'))) errs.push(item);
  for (const item of validateAnnotations(meta.annotations, child(path, 'annotations'))) errs.push(item);
  for (const item of validateOwnerReferences(meta.ownerReferences ?? [], child(path, 'ownerReferences'))) errs.push(item);
  for (const item of validateFinalizers(meta.finalizers ?? [], child(path, 'finalizers'))) errs.push(item);
  for (const item of validateManagedFields(meta.managedFields ?? [], child(path, 'managedFields'))) errs.push(item);
  if (rules.builtinFinalizerRule !== false) for (const item of validateBuiltinFinalizers(meta.finalizers ?? [], child(path, 'finalizers'))) errs.push(item);
  return errs;
}

/** Update-time metadata validation: immutable fields, resourceVersion present, no new finalizers while deleting. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata', builtinFinalizerRule = true): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      const list = `[]string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
      errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`));
    }
  }
  if ((meta.resourceVersion ?? '') === '') errs.push(invalid(child(path, 'resourceVersion'), '', 'must be specified for an update'));
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(invalid(child(path, 'generation'), meta.generation ?? 0, 'must not be decremented'));
  const immutable: [keyof ObjectMeta, unknown, unknown][] = [
    ['name', meta.name ?? '', old.name ?? ''],
    ['namespace', meta.namespace ?? '', old.namespace ?? ''],
    ['uid', meta.uid ?? '', old.uid ?? ''],
    ['creationTimestamp', meta.creationTimestamp ?? null, old.creationTimestamp ?? null],
    ['deletionTimestamp', meta.deletionTimestamp ?? null, old.deletionTimestamp ?? null],
    ['deletionGracePeriodSeconds', meta.deletionGracePeriodSeconds ?? null, old.deletionGracePeriodSeconds ?? null],
  ];
  for (const [field, now, before] of immutable) {
    if (!sameValue(now, before)) errs.push(invalid(child(path, field), immutableValue(field, now), 'field is immutable'));
  }
  for (const item of validateLabels(meta.labels, child(path, 'labels'))) errs.push(item);
  for (const item of validateAnnotations(meta.annotations, child(path, 'annotations'))) errs.push(item);
  for (const item of validateOwnerReferences(meta.ownerReferences ?? [], child(path, 'ownerReferences'))) errs.push(item);
  for (const item of validateManagedFields(meta.managedFields ?? [], child(path, 'managedFields'))) errs.push(item);
  if (builtinFinalizerRule) for (const item of validateBuiltinFinalizers(meta.finalizers ?? [], child(path, 'finalizers'))) errs.push(item);
  return errs;
}

// Timestamps compare as instants (Go compares parsed times), everything else by value.
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && a !== b) {
    const ta = Date.parse(a);
    return !Number.isNaN(ta) && ta === Date.parse(b) && /^\d{4}-/.test(a);
  }
  return a === b;
}

// How Go prints each immutable field's new value: strings quoted, times as metav1.Time's String()
// (a missing creationTimestamp is Go's zero time, a missing deletionTimestamp a nil pointer).
function immutableValue(field: keyof ObjectMeta, v: unknown): string | number | null | { goSyntax: string } {
  if (field === 'creationTimestamp') return { goSyntax: v === null ? '0001-01-01 00:00:00 +0000 UTC' : goTimeString(String(v)) };
  if (v === null) return null;
  if (field === 'deletionTimestamp') return { goSyntax: goTimeString(String(v)) };
  return typeof v === 'number' ? v : String(v);
}

// metav1.Time prints as Go's time.Time String(): "2006-01-02 15:04:05 +0000 UTC".
function goTimeString(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/**
 * The generic metadata checks the apiserver runs for every resource after the resource's own
 * validation: path-segment names (create) plus the update rules (update).
 */
export function validateCommonCreateMeta(meta: ObjectMeta, namespaced: boolean): FieldError[] {
  return validateObjectMeta(meta, { namespaced, nameFn: validatePathSegmentName, builtinFinalizerRule: false });
}

/** The generic update-time metadata checks (they run before the resource's own update validation). */
export function validateCommonUpdateMeta(meta: ObjectMeta, old: ObjectMeta, namespaced: boolean): FieldError[] {
  return [
    ...validateCommonCreateMeta(meta, namespaced),
    ...validateObjectMetaUpdate(meta, old, 'metadata', false),
  ];
}

/** Label keys must be qualified names and values label values; keys are visited in sorted order. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    const v = labels![k]!;
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

/** Annotation keys must be qualified names (case-insensitively); total size at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += byteLength(k) + byteLength(annotations![k]!);
  }
  if (total > totalAnnotationSizeLimit) errs.push(tooLong(path, totalAnnotationSizeLimit));
  return errs;
}

function parseApiVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

function goOwnerReference(r: OwnerReference): string {
  const ptr = (v: boolean | undefined): string => (v === undefined ? '(*bool)(nil)' : `(*bool)(${v})`);
  return `v1.OwnerReference{APIVersion:${JSON.stringify(r.apiVersion ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, ` +
    `Name:${JSON.stringify(r.name ?? '')}, UID:${JSON.stringify(r.uid ?? '')}, Controller:${ptr(r.controller)}, BlockOwnerDeletion:${ptr(r.blockOwnerDeletion)}}`;
}

/** Owner references need apiVersion, kind, name and uid; Events cannot own; one controller at most. */
export function validateOwnerReferences(refs: readonly OwnerReference[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    const gv = parseApiVersion(ref.apiVersion ?? '');
    if (gv.version === '') errs.push(invalid(child(path, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if ((ref.kind ?? '') === '') errs.push(invalid(child(path, 'kind'), ref.kind ?? '', 'kind must not be empty'));
    if ((ref.name ?? '') === '') errs.push(invalid(child(path, 'name'), ref.name ?? '', 'name must not be empty'));
    if ((ref.uid ?? '') === '') errs.push(invalid(child(path, 'uid'), ref.uid ?? '', 'uid must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(path, { goSyntax: goOwnerReference(ref) }, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        const all = { goSyntax: `[]v1.OwnerReference{${refs.map(goOwnerReference).join(', ')}}` };
        errs.push(invalid(path, all, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

/** Finalizers must be qualified names, and `orphan` excludes `foregroundDeletion`. */
export function validateFinalizers(finalizers: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    const list = { goSyntax: `[]string{${finalizers.map((f) => JSON.stringify(f)).join(', ')}}` };
    errs.push(invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

// Built-in kinds only accept the three standard unqualified finalizer names.
function validateBuiltinFinalizers(finalizers: readonly string[], path: string): FieldError[] {
  return finalizers.flatMap((f, i) =>
    !f.includes('/') && !standardFinalizers.has(f)
      ? [invalid(index(path, i), f, 'name is neither a standard finalizer name nor is it fully qualified')]
      : [],
  );
}

/** managedFields entries: operation Apply or Update, fieldsType FieldsV1, printable manager names. */
export function validateManagedFields(entries: readonly ManagedFieldsEntry[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  entries.forEach((e, i) => {
    const p = index(path, i);
    if (e.operation !== 'Apply' && e.operation !== 'Update') errs.push(invalid(child(p, 'operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    if ((e.fieldsType ?? '') !== '' && e.fieldsType !== 'FieldsV1') errs.push(invalid(child(p, 'fieldsType'), e.fieldsType!, 'must be `FieldsV1`'));
    for (const item of validateFieldManager(e.manager ?? '', child(p, 'manager'))) errs.push(item);
    if (byteLength(e.subresource ?? '') > maxSubresourceNameLength) errs.push(tooLong(child(p, 'subresource'), maxSubresourceNameLength));
  });
  return errs;
}

const goPrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** A field manager name: at most 128 bytes, printable characters only. */
export function validateFieldManager(manager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > fieldManagerMaxLength) errs.push(tooLong(path, fieldManagerMaxLength));
  let offset = 0;
  for (const ch of manager) {
    if (!goPrintable.test(ch)) {
      const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(path, manager, `invalid character U+${cp} (at position ${offset})`));
    }
    offset += byteLength(ch);
  }
  return errs;
}
