// Validation of Namespaces, ServiceAccounts, Secrets, ConfigMaps and Pods with Kubernetes' messages.
// Mirrors kubernetes pkg/apis/core/validation/validation.go.

import { child, forbidden, invalid, key, required, tooLong, type FieldError } from '../field-error.js';
import { byteLength, regexError } from '../validation/names.js';
import { serviceAccountNameAnnotation, serviceAccountTokenSecretType, type ConfigMap, type Secret } from './types.js';

const configKeyFmt = '[-._a-zA-Z0-9]+';
const configKeyRe = new RegExp(`^${configKeyFmt}$`);
const configKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
/** Largest Secret or ConfigMap payload (1 MiB). */
export const maxSecretSize = 1024 * 1024;

/** Problems with a Secret or ConfigMap key (IsConfigMapKey). */
export function isConfigMapKey(k: string): string[] {
  const errs: string[] = [];
  if (byteLength(k) > 253) errs.push('must be no more than 253 characters');
  if (!configKeyRe.test(k)) errs.push(regexError(configKeyErrMsg, configKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  if (k === '.') errs.push("must not be '.'");
  else if (k === '..') errs.push("must not be '..'");
  else if (k.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function base64Length(v: string): number {
  return Math.floor((v.length * 3) / 4) - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0);
}

/** ValidateSecret: keys, total size, the token type's annotation. */
export function validateSecret(s: Secret): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(s.data ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    total += base64Length(typeof v === 'string' ? v : '');
  }
  if (total > maxSecretSize) errs.push(tooLong('data', maxSecretSize));
  if (s.type === serviceAccountTokenSecretType && !s.metadata.annotations?.[serviceAccountNameAnnotation]) {
    errs.push(required(key('metadata.annotations', serviceAccountNameAnnotation), ''));
  }
  if (s.type === 'kubernetes.io/tls') {
    if (s.data?.['tls.crt'] === undefined) errs.push(required(key('data', 'tls.crt'), ''));
    if (s.data?.['tls.key'] === undefined) errs.push(required(key('data', 'tls.key'), ''));
  }
  return errs;
}

/** ValidateSecretUpdate: type and immutable data may not change. */
export function validateSecretUpdate(s: Secret, old: Secret): FieldError[] {
  const errs = validateSecret(s);
  if ((s.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', s.type ?? '', 'field is immutable'));
  if (old.immutable && JSON.stringify(s.data ?? {}) !== JSON.stringify(old.data ?? {})) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (old.immutable && !s.immutable) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  return errs;
}

/** ValidateConfigMap: keys unique across data and binaryData, total size. */
export function validateConfigMap(c: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(c.data ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (c.binaryData && k in c.binaryData) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += byteLength(typeof v === 'string' ? v : '');
  }
  for (const [k, v] of Object.entries(c.binaryData ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
    total += base64Length(typeof v === 'string' ? v : '');
  }
  if (total > maxSecretSize) errs.push(tooLong('', maxSecretSize));
  return errs;
}

/** ValidateConfigMapUpdate. */
export function validateConfigMapUpdate(c: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateConfigMap(c);
  if (old.immutable && (JSON.stringify(c.data ?? {}) !== JSON.stringify(old.data ?? {}) || JSON.stringify(c.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {}))) {
    errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  }
  if (old.immutable && !c.immutable) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  return errs;
}

/** The few Pod checks that matter for stored-only pods: containers with names and images. */
export function validatePod(pod: { spec?: { containers?: { name?: string; image?: string }[] } }): FieldError[] {
  const errs: FieldError[] = [];
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) errs.push(required('spec.containers', ''));
  containers.forEach((c, i) => {
    const path = `spec.containers[${i}]`;
    if (!c?.name) errs.push(required(child(path, 'name'), ''));
    if (!c?.image) errs.push(required(child(path, 'image'), ''));
  });
  return errs;
}
