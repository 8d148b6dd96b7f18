// Learning the cluster CA without trusting the network: the server's certificate chain is read
// without verification, and the CA is accepted only if the SHA-256 of its SubjectPublicKeyInfo
// equals the pin (kubeadm's --discovery-token-ca-cert-hash format). No credential is sent first.

import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { CliError } from '../../errors.js';

/** kubeadm's pin of a CA: `sha256:` and the hex SHA-256 of its SubjectPublicKeyInfo. */
export function caCertHash(certPem: string | Buffer): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

function chainOf(peer: DetailedPeerCertificate): PeerCertificate[] {
  const out: PeerCertificate[] = [];
  let cur: DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && !out.some((c) => c.raw.equals(cur!.raw))) {
    out.push(cur);
    cur = cur.issuerCertificate;
  }
  return out;
}

/** The PEM of the CA in `server`'s chain that matches `pin`; refuses (before any credential) otherwise. */
export async function pinnedCa(server: string, pin: string, timeoutMs = 10_000): Promise<string> {
  if (!/^sha256:[0-9a-f]{64}$/.test(pin)) throw new CliError('--ca-cert-hash must be sha256: followed by 64 lowercase hex digits');
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // SNI carries host names only (RFC 6066), never an IP address.
  const servername = isIP(host) ? undefined : host;
  const chain = await new Promise<PeerCertificate[]>((resolve, reject) => {
    const socket = connect({ host, port: Number(url.port || 443), rejectUnauthorized: false, ...(servername ? { servername } : {}) }, () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer && peer.raw ? chainOf(peer) : []);
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('error', (err) => reject(new CliError(`cannot reach ${server}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
  });
  for (const c of chain) {
    const pem = `-----BEGIN CERTIFICATE-----\n${c.raw.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`.replace(/\n\n/g, '\n');
    const x = new X509Certificate(c.raw);
    if (x.ca && caCertHash(c.raw) === pin) return pem;
  }
  throw new CliError(`no CA certificate of ${server} matches --ca-cert-hash ${pin}; refusing to send the token`);
}
