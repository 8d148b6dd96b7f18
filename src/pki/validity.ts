// Validity windows: Kubernetes' signer rules and cfssl's, which differ in backdating.

import { PkiError } from './errors.js';

const minute = 60_000;
const hour = 60 * minute;

/** Kubernetes' constants (pkg/controller/certificates/authority/policies.go). */
export const kubernetesBackdate = 5 * minute;
const shortThreshold = 8 * hour;
const minimumTtl = 10 * minute;

/**
 * Kubernetes' signer validity: NotBefore is always now − 5 min; a TTL under 8 h ends at now +
 * TTL, a longer one at now + TTL − 5 min; the CA's own NotAfter caps it. `requestedSeconds`
 * is `spec.expirationSeconds`: above `maxDurationMs` it gets `maxDurationMs`, otherwise at least
 * 10 minutes.
 * Mirrors kubernetes pkg/controller/certificates/authority/policies.go (PermissiveSigningPolicy).
 */
export function kubernetesValidity(
  now: Date,
  maxDurationMs: number,
  requestedSeconds: number | undefined,
  caNotAfter: Date,
): { notBefore: Date; notAfter: Date } {
  // Kubernetes caps first and returns the cap as it is, even below the floor (signer.go duration()).
  let ttl = maxDurationMs;
  if (requestedSeconds !== undefined) {
    const requested = requestedSeconds * 1000;
    ttl = requested > maxDurationMs ? maxDurationMs : Math.max(requested, minimumTtl);
  }
  const t = Math.floor(now.getTime() / 1000) * 1000;
  if (t >= caNotAfter.getTime()) {
    throw new PkiError('template', `refusing to sign a certificate that expired in the past: NotAfter=${caNotAfter.toISOString()}`);
  }
  const notBefore = t - kubernetesBackdate;
  let notAfter = ttl < shortThreshold ? t + ttl : t + ttl - kubernetesBackdate;
  if (notBefore >= caNotAfter.getTime()) throw new PkiError('template', `the signer has expired: NotAfter=${caNotAfter.toISOString()}`);
  if (notAfter >= caNotAfter.getTime()) notAfter = caNotAfter.getTime();
  return { notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
}

/**
 * cfssl's validity: NotBefore is now rounded to the minute, less 5 minutes; NotAfter is
 * NotBefore + expiry. Mirrors cfssl signer/signer.go FillTemplate.
 */
export function cfsslValidity(now: Date, expiryMs: number): { notBefore: Date; notAfter: Date } {
  const rounded = Math.round(now.getTime() / minute) * minute;
  const notBefore = rounded - 5 * minute;
  return { notBefore: new Date(notBefore), notAfter: new Date(notBefore + expiryMs) };
}
