// Waiting for a request's outcome with a watch: the certificate, or the reason it was denied or
// failed, within a time bound; while it waits it says who has to act.

import type { RestClient } from '../../../controllers/rest-client.js';
import type { CertificateSigningRequest } from '../../../api/certificates/types.js';
import { CliError } from '../../errors.js';

/** Resolves to the certificate PEM; rejects with a CliError for denial, failure or timeout. */
export async function waitForCertificate(client: RestClient, created: CertificateSigningRequest, timeoutMs: number, say: (line: string) => void): Promise<string> {
  const name = created.metadata.name!;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let told = '';
  const tell = (line: string): void => {
    if (line !== told) say(line);
    told = line;
  };
  try {
    let rv = created.metadata.resourceVersion ?? '';
    let current: CertificateSigningRequest = created;
    for (;;) {
      const outcome = outcomeOf(current, name, tell);
      if (outcome !== undefined) return outcome;
      // Field selector values escape `\`, `,` and `=` (fields.EscapeValue): names like user=alice have one.
      const selectorValue = name.replace(/[\\,=]/g, (c) => `\\${c}`);
      const path = `/apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&fieldSelector=metadata.name%3D${encodeURIComponent(selectorValue)}&resourceVersion=${rv}`;
      for await (const ev of client.watch<CertificateSigningRequest>(path, controller.signal)) {
        if (ev.type === 'DELETED') throw new CliError(`certificatesigningrequest ${name} was deleted before it was signed`);
        if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') continue;
        current = ev.object;
        rv = current.metadata.resourceVersion ?? rv;
        const done = outcomeOf(current, name, tell);
        if (done !== undefined) return done;
      }
      if (controller.signal.aborted) throw new CliError(`timed out waiting for certificatesigningrequest ${name} (${told || 'no answer'})`);
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function outcomeOf(csr: CertificateSigningRequest, name: string, tell: (line: string) => void): string | undefined {
  const conditions = csr.status?.conditions ?? [];
  const denied = conditions.find((c) => c.type === 'Denied');
  if (denied) throw new CliError(`certificatesigningrequest ${name} was denied: ${denied.message || denied.reason || 'no reason given'}`);
  const failed = conditions.find((c) => c.type === 'Failed');
  if (failed) throw new CliError(`certificatesigningrequest ${name} failed: ${failed.message || failed.reason || 'no reason given'}`);
  if (csr.status?.certificate) return Buffer.from(csr.status.certificate, 'base64').toString('utf8');
  if (conditions.some((c) => c.type === 'Approved')) tell(`approved; waiting for the signer ${csr.spec.signerName}`);
  else tell(`waiting for approval: kubectl certificate approve ${name}`);
  return undefined;
}
