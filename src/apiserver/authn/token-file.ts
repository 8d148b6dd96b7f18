// The static token file (`--token-auth-file`): CSV lines `token,user,uid[,"group1,group2"]`.
// Mirrors staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go.

import { readFileSync } from 'node:fs';
import type { UserInfo } from '../../api/types.js';
import type { TokenAuthenticator } from './token.js';

/** A token file that cannot be used; the message names the file and the line. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

/** Splits CSV text into records as Go's encoding/csv does with TrimLeadingSpace and variable field counts. */
export function parseCsv(text: string, path: string): string[][] {
  const records: string[][] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    const startLine = line;
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') i++;
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new TokenFileError(`${path}: record on line ${startLine}: extraneous or missing " in quoted-field`);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw new TokenFileError(`${path}: record on line ${startLine}: extraneous or missing " in quoted-field`);
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') field += text[i++];
        field = field.replace(/\r$/, '');
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    // encoding/csv skips empty lines.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
  }
  return records;
}

/** Reads the token file at `path`; throws TokenFileError. Warnings (empty, duplicate tokens) go to `warn`, without the token. */
export function loadTokenFile(path: string, warn: (msg: string) => void = () => {}): TokenAuthenticator {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TokenFileError(`cannot read token file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const tokens = new Map<string, UserInfo>();
  let recordNum = 0;
  for (const record of parseCsv(text, path)) {
    if (record.length < 3) throw new TokenFileError(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`);
    recordNum++;
    const [token, username, uid] = record as [string, string, string];
    if (token === '') {
      warn(`empty token has been found in token file '${path}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(token)) warn(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
    tokens.set(token, { username, ...(uid ? { uid } : {}), groups: record.length >= 4 ? record[3]!.split(',') : [] });
  }
  return {
    authenticateToken(token, audiences) {
      const user = tokens.get(token);
      return user ? { kind: 'user', user, audiences: [...audiences] } : { kind: 'none' };
    },
  };
}
