// GeneralNames (RFC 5280 §4.2.1.6) as Kubernetes and cfssl use them: DNS names, e-mail
// addresses, IP addresses and URIs. Other forms are kept only as a count, as Go drops them.

import { PkiError } from './errors.js';
import { DerReader } from './der/reader.js';
import { Tag } from './der/tags.js';
import { constructed, ia5String, tlv } from './der/writer.js';
import { formatIp, parseIp } from './ip.js';

/** Subject alternative names by kind, each in encoded order. */
export interface SubjectAltNames {
  readonly dns: readonly string[];
  readonly emails: readonly string[];
  /** Text form (`10.0.0.1`, `::1`). */
  readonly ips: readonly string[];
  readonly uris: readonly string[];
}

/** No names at all. */
export const noAltNames: SubjectAltNames = Object.freeze({ dns: [], emails: [], ips: [], uris: [] });

/** Whether there is any name at all. */
export function hasAltNames(sans: SubjectAltNames): boolean {
  return sans.dns.length + sans.emails.length + sans.ips.length + sans.uris.length > 0;
}

const rfc822Name = 0x81;
const dnsName = 0x82;
const uniformResourceIdentifier = 0x86;
const ipAddress = 0x87;

function ascii(bytes: Uint8Array, what: string): string {
  for (const b of bytes) if (b > 0x7f) throw new PkiError('der', `${what} is not ASCII`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Parses the content of a GeneralNames SEQUENCE. */
export function readGeneralNames(reader: DerReader): SubjectAltNames {
  const dns: string[] = [];
  const emails: string[] = [];
  const ips: string[] = [];
  const uris: string[] = [];
  while (reader.hasMore()) {
    const name = reader.read();
    const content = reader.content(name);
    switch (name.tag) {
      case dnsName:
        dns.push(ascii(content, 'DNS name'));
        break;
      case rfc822Name:
        emails.push(ascii(content, 'email address'));
        break;
      case uniformResourceIdentifier:
        uris.push(ascii(content, 'URI'));
        break;
      case ipAddress:
        if (content.length !== 4 && content.length !== 16) {
          throw new PkiError('der', `IP address of ${content.length} bytes`);
        }
        ips.push(formatIp(content));
        break;
      default:
        // otherName [0], x400Address [3], directoryName [4], ediPartyName [5], registeredID [8]:
        // legal, but nothing Kubernetes or cfssl acts on.
        if ((name.tag & 0xc0) !== 0x80) throw new PkiError('der', `GeneralName with ${name.tag.toString(16)} is not context-tagged`);
    }
  }
  return { dns, emails, ips, uris };
}

/** Encodes the GeneralNames SEQUENCE in Go's order: DNS, e-mail, IP, URI. */
export function encodeGeneralNames(sans: SubjectAltNames): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const d of sans.dns) parts.push(ia5String(d, dnsName));
  for (const e of sans.emails) parts.push(ia5String(e, rfc822Name));
  for (const ip of sans.ips) {
    const octets = parseIp(ip);
    if (!octets) throw new PkiError('template', `not an IP address: ${ip}`);
    parts.push(tlv(ipAddress, octets));
  }
  for (const u of sans.uris) parts.push(ia5String(u, uniformResourceIdentifier));
  for (const s of [...sans.dns, ...sans.emails, ...sans.uris]) {
    if (!/^[\x20-\x7e]*$/.test(s)) throw new PkiError('template', `subject alternative name is not printable ASCII: ${JSON.stringify(s)}`);
  }
  return constructed(Tag.Sequence, parts);
}

/**
 * Sorts host strings into SAN kinds the way cfssl's `-hostname` and `hosts` do: an IP address,
 * an e-mail address (contains `@`), a URI (has a scheme such as `spiffe://`), else a DNS name.
 */
export function classifyHosts(hosts: readonly string[]): SubjectAltNames {
  const dns: string[] = [];
  const emails: string[] = [];
  const ips: string[] = [];
  const uris: string[] = [];
  for (const raw of hosts) {
    const h = raw.trim();
    if (h === '') continue;
    const ip = parseIp(h);
    if (ip) ips.push(formatIp(ip));
    else if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(h)) uris.push(h);
    else if (h.includes('@')) emails.push(h);
    else dns.push(h);
  }
  return { dns, emails, ips, uris };
}
