// Which CertificateSigningRequests the cleaner removes, and why: Kubernetes' ages exactly.
// Mirrors kubernetes pkg/controller/certificates/cleaner/cleaner.go.

import type { CertificateSigningRequest } from '../../api/certificates/types.js';
import { findConditions } from '../../api/certificates/conditions.js';
import { decodePemBlocks } from '../../pki/pem.js';
import { parseCertificate } from '../../pki/certificate.js';

const hour = 3_600_000;
/** Approved-and-issued, denied and failed requests live this long after their condition. */
export const finishedDeadlineMs = hour;
/** Requests with no condition at all live this long after creation. */
export const pendingDeadlineMs = 24 * hour;

function olderThan(timestamp: string | null | undefined, ageMs: number, now: Date): boolean {
  // A zero (absent) timestamp never ages out, as in Kubernetes.
  if (!timestamp) return false;
  const t = Date.parse(timestamp);
  return Number.isFinite(t) && t > Date.parse('0001-01-01T00:00:01Z') && now.getTime() - t > ageMs;
}

function anyOlder(csr: CertificateSigningRequest, type: string, now: Date): boolean {
  return findConditions(csr, type).some((c) => olderThan(c.lastUpdateTime, finishedDeadlineMs, now));
}

/**
 * The notAfter (ms) of the certificate each request carries, or null if it has none that parses,
 * by the status it came in: an issued certificate never changes, and the in-process client hands
 * out the same shared objects pass after pass, so each certificate is parsed once, not hourly.
 */
const notAfterOf = new WeakMap<object, number | null>();

function notAfter(status: NonNullable<CertificateSigningRequest['status']>): number | null {
  let at = notAfterOf.get(status);
  if (at === undefined) {
    try {
      const first = decodePemBlocks(Buffer.from(status.certificate ?? '', 'base64').toString('latin1'))[0];
      at = first === undefined ? null : parseCertificate(first.der).notAfter.getTime();
    } catch {
      // A certificate that does not parse is not known to be expired.
      at = null;
    }
    notAfterOf.set(status, at);
  }
  return at;
}

function certificateExpired(csr: CertificateSigningRequest, now: Date): boolean {
  const at = csr.status ? notAfter(csr.status) : null;
  return at !== null && at < now.getTime();
}

/** Why `csr` is to be deleted now, or undefined to keep it. */
export function garbageReason(csr: CertificateSigningRequest, now: Date): string | undefined {
  const issued = (csr.status?.certificate ?? '') !== '';
  const approved = findConditions(csr, 'Approved').length > 0;
  if (approved && issued && anyOlder(csr, 'Approved', now)) return 'issued past deadline';
  if (anyOlder(csr, 'Denied', now)) return 'denied past deadline';
  if (anyOlder(csr, 'Failed', now)) return 'failed past deadline';
  if ((csr.status?.conditions ?? []).length === 0 && olderThan(csr.metadata.creationTimestamp, pendingDeadlineMs, now)) return 'pending past deadline';
  if (approved && issued && certificateExpired(csr, now)) return 'issued and expired';
  return undefined;
}
