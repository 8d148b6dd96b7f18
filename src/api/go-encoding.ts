// Go's encoding/base64 (StdEncoding) and encoding/pem decoding, reproduced exactly, because
// Kubernetes' answers depend on their quirks: which PEM block counts as "first", which text is
// skipped, and the byte offset in "illegal base64 data at input byte N".
// Mirrors Go's `encoding/base64/base64.go` (Decode) and `encoding/pem/pem.go` (Decode, Go ≥ 1.21).

/** Go's base64.CorruptInputError. */
export class Base64Error extends Error {
  override readonly name = 'Base64Error';
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Int16Array(256).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeMap[alphabet.charCodeAt(i)] = i;

const isNewline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;

interface Quantum {
  readonly si: number;
  readonly n: number;
  readonly error?: Base64Error;
}

// One step of Go's decoder: up to four symbols (newlines skipped) into up to three bytes.
function decodeQuantum(src: Uint8Array, start: number, dst: number[]): Quantum {
  const dbuf = [0, 0, 0, 0];
  let dlen = 4;
  let si = start;
  let error: Base64Error | undefined;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { si, n: 0 };
      // Standard encoding requires padding, so a short final quantum is corrupt.
      return { si, n: 0, error: new Base64Error(si - j) };
    }
    const ch = src[si]!;
    si++;
    const out = decodeMap[ch]!;
    if (out >= 0) {
      dbuf[j] = out;
      continue;
    }
    if (isNewline(ch)) {
      j--;
      continue;
    }
    if (ch !== 0x3d /* = */) return { si, n: 0, error: new Base64Error(si - 1) };
    if (j < 2) return { si, n: 0, error: new Base64Error(si - 1) };
    if (j === 2) {
      // "==" is expected; the first "=" is consumed.
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return { si, n: 0, error: new Base64Error(src.length) };
      if (src[si] !== 0x3d) return { si, n: 0, error: new Base64Error(si - 1) };
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    if (si < src.length) error = new Base64Error(si); // trailing garbage
    dlen = j;
    break;
  }
  const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
  const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
  for (let k = 0; k < dlen - 1; k++) dst.push(bytes[k]!);
  return error ? { si, n: dlen - 1, error } : { si, n: dlen - 1 };
}

/**
 * Decodes standard, padded base64 as Go does: CR and LF are skipped anywhere, anything else outside
 * the alphabet (or bad padding) throws Base64Error with Go's byte offset.
 */
export function decodeBase64Std(input: string | Uint8Array): Uint8Array {
  // Canonical input (the usual case) takes Buffer's native decoder: Buffer's decoding is lenient,
  // but text that encodes back to itself is exactly canonical padded base64. Go skips CR and LF
  // anywhere, so the lines of a PEM body are joined first. Anything else walks Go's algorithm,
  // which accepts what Go accepts and finds the offset of the first bad byte.
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  const joined = text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
  if (joined.length % 4 === 0) {
    const bytes = Buffer.from(joined, 'base64');
    if (bytes.toString('base64') === joined) return bytes;
  }
  const src = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const dst: number[] = [];
  let si = 0;
  while (si < src.length) {
    const q = decodeQuantum(src, si, dst);
    if (q.error) throw q.error;
    si = q.si;
  }
  return Uint8Array.from(dst);
}

/** Standard, padded base64. */
export function encodeBase64Std(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** One PEM block as Go decodes it: type, headers, and the decoded bytes. */
export interface GoPemBlock {
  readonly type: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly bytes: Uint8Array;
}

/** A decoded block and the input that follows it. */
export interface GoPemResult {
  readonly block: GoPemBlock;
  readonly rest: Uint8Array;
}

const pemStart = '\n-----BEGIN ';
const pemEnd = '\n-----END ';
const dashes = '-----';

// Go's getLine: the line without its CR LF and trailing blanks, and what follows it.
function getLine(data: string): [string, string] {
  let i = data.indexOf('\n');
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === '\r') i--;
  }
  return [data.slice(0, i).replace(/[ \t]+$/, ''), data.slice(j)];
}

/**
 * Go's pem.Decode: the first well-formed block, or null. Text before it is ignored, and a malformed
 * candidate (bad END line, bad base64) is skipped in favour of the next BEGIN line.
 */
export function decodePemGo(data: Uint8Array): GoPemResult | null {
  // latin1 maps bytes 1:1 to UTF-16 units, so string offsets are byte offsets.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  let rest = text;
  for (;;) {
    if (rest.startsWith(pemStart.slice(1))) rest = rest.slice(pemStart.length - 1);
    else {
      const at = rest.indexOf(pemStart);
      if (at < 0) return null;
      rest = rest.slice(at + pemStart.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith(dashes)) continue;
    typeLine = typeLine.slice(0, -dashes.length);
    const headers = new Map<string, string>();
    const afterHeaders = readHeaders(rest, headers);
    if (afterHeaders === null) return null;
    rest = afterHeaders;
    const block = readBody(rest, typeLine, headers);
    if (block === null) continue;
    return { block: block.block, rest: Buffer.from(block.rest, 'latin1') };
  }
}

// Header lines are `key: value` until the first line without a colon; null when input runs out.
function readHeaders(input: string, headers: Map<string, string>): string | null {
  let rest = input;
  for (;;) {
    if (rest.length === 0) return null;
    const [line, next] = getLine(rest);
    const colon = line.indexOf(':');
    if (colon < 0) return rest;
    headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    rest = next;
  }
}

function readBody(rest: string, typeLine: string, headers: Map<string, string>): { block: GoPemBlock; rest: string } | null {
  let endIndex: number;
  let endTrailerIndex: number;
  // Without headers the END line may follow immediately, with no newline before it.
  if (headers.size === 0 && rest.startsWith(pemEnd.slice(1))) {
    endIndex = 0;
    endTrailerIndex = pemEnd.length - 1;
  } else {
    endIndex = rest.indexOf(pemEnd);
    endTrailerIndex = endIndex + pemEnd.length;
  }
  if (endIndex < 0) return null;
  const trailerLen = typeLine.length + dashes.length;
  const endTrailerAll = rest.slice(endTrailerIndex);
  if (endTrailerAll.length < trailerLen) return null;
  const endTrailer = endTrailerAll.slice(0, trailerLen);
  if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith(dashes)) return null;
  if (getLine(endTrailerAll.slice(trailerLen))[0].length !== 0) return null;
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64Std(Buffer.from(rest.slice(0, endIndex).replace(/[ \t]/g, ''), 'latin1'));
  } catch {
    return null;
  }
  const after = getLine(rest.slice(endIndex + pemEnd.length - 1))[1];
  return { block: { type: typeLine, headers, bytes }, rest: after };
}

/** Every block Go would find by calling pem.Decode repeatedly on the rest. */
export function decodeAllPemGo(data: Uint8Array): GoPemBlock[] {
  const out: GoPemBlock[] = [];
  let rest = data;
  for (let r = decodePemGo(rest); r; r = decodePemGo(rest)) {
    out.push(r.block);
    rest = r.rest;
  }
  return out;
}
