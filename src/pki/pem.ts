// PEM (RFC 7468) armor: strict enough to name what is wrong, lenient about what openssl emits
// (CRLF, headers of legacy encrypted keys are refused by name, text around blocks is ignored).

import { PkiError } from './errors.js';

/** One PEM block. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const beginRe = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const base64Line = /^[A-Za-z0-9+/]*={0,2}$/;

/** Every PEM block in `text`, in order. Text outside blocks is ignored, as openssl does. */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  beginRe.lastIndex = 0;
  for (let m = beginRe.exec(text); m; m = beginRe.exec(text)) {
    const label = m[1]!;
    const endMarker = `-----END ${label}-----`;
    const bodyStart = m.index + m[0].length;
    const endAt = text.indexOf(endMarker, bodyStart);
    if (endAt < 0) throw new PkiError('pem', `${label}: missing "${endMarker}"`);
    const body = text.slice(bodyStart, endAt);
    if (/^[A-Za-z-]+:/m.test(body)) {
      throw new PkiError('pem', `${label}: encrypted or header-carrying PEM is not supported; decrypt the key first`);
    }
    const lines = body.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    for (const line of lines) {
      if (!base64Line.test(line)) throw new PkiError('pem', `${label}: body is not valid base64`);
    }
    const joined = lines.join('');
    if (joined.length % 4 !== 0 || /=[^=]/.test(joined)) {
      throw new PkiError('pem', `${label}: body is not valid base64`);
    }
    const der = Buffer.from(joined, 'base64');
    if (der.length === 0) throw new PkiError('pem', `${label}: empty body`);
    blocks.push({ label, der });
    beginRe.lastIndex = endAt + endMarker.length;
  }
  return blocks;
}

/**
 * The single block of one of `labels` in `text`; `what` names the input in errors
 * ("certificate request", "CA certificate").
 */
export function decodePem(text: string, labels: readonly string[], what: string): PemBlock {
  const blocks = decodePemBlocks(text);
  if (blocks.length === 0) throw new PkiError('pem', `${what}: no PEM data found`);
  const matching = blocks.filter((b) => labels.includes(b.label));
  if (matching.length === 0) {
    throw new PkiError('pem', `${what}: expected PEM type ${labels.map((l) => `"${l}"`).join(' or ')}, found "${blocks[0]!.label}"`);
  }
  return matching[0]!;
}

/** PEM armor around `der`, 64 characters a line, with a trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let out = `-----BEGIN ${label}-----\n`;
  for (let i = 0; i < b64.length; i += 64) out += b64.slice(i, i + 64) + '\n';
  return out + `-----END ${label}-----\n`;
}
