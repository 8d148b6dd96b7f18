// The format rule for `spec.signerName`: `<dns domain>/<path>` with DNS-shaped parts.
// Mirrors `ValidateSignerName` in `pkg/apis/core/validation/validation.go` (1.32).

import { goQuote, invalid, required, tooLong, type FieldError } from '../field-error.js';
import { byteLength, dns1123LabelMaxLength, dns1123SubdomainMaxLength, isDns1123Label, isDns1123Subdomain } from '../validation/names.js';

/** Longest domain part. */
export const maxSignerDomainLength = dns1123SubdomainMaxLength;
/** Longest signer name: a FQDN, `/`, and a path long enough for `<namespace>.<resource name>` (571). */
export const maxSignerNameLength = dns1123SubdomainMaxLength + (dns1123SubdomainMaxLength + dns1123LabelMaxLength + 1) + 1;

/**
 * Checks a signer name, reporting every problem at `path`. Label checks stop at the first bad label
 * of each part, because later ones would only repeat the same complaint.
 */
export function validateSignerName(path: string, signerName: string): FieldError[] {
  if (signerName === '') return [required(path)];
  const segments = signerName.split('/');
  if (segments.length !== 2) {
    return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  const [domain, signerPath] = segments as [string, string];
  const errs: FieldError[] = [];
  if (byteLength(domain) > maxSignerDomainLength) errs.push(tooLong(path, maxSignerDomainLength));
  const domainLabels = domain.split('.');
  for (const lbl of domainLabels) {
    const problems = isDns1123Label(lbl);
    if (problems.length === 0) continue;
    for (const p of problems) errs.push(invalid(path, domain, `validating label ${goQuote(lbl)}: ${p}`));
    break;
  }
  if (domainLabels.length < 2) errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const lbl of signerPath.split('.')) {
    const problems = isDns1123Subdomain(lbl);
    if (problems.length === 0) continue;
    for (const p of problems) errs.push(invalid(path, signerPath, `validating label ${goQuote(lbl)}: ${p}`));
    break;
  }
  if (byteLength(signerName) > maxSignerNameLength) errs.push(tooLong(path, maxSignerNameLength));
  return errs;
}
