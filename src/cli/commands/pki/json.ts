// `signet pki json`: cfssljson — turns cfssl JSON on stdin into PEM files.

import { formatFlagHelp, flag, flagBool, parseFlags, type FlagSpec } from '../../flags.js';
import { readText, writeAll } from '../../files.js';
import { CliError } from '../../errors.js';
import { parseJsonText, asObject } from '../../../pki/cfssl/json.js';
import { bareFiles } from './common.js';

const specs: Record<string, FlagSpec> = {
  bare: { bool: true, help: 'the input is a bare result, not wrapped in the API envelope {"result": ...}' },
  f: { value: 'FILE', help: 'read JSON from FILE instead of stdin' },
  stdout: { bool: true, help: 'print the PEM to stdout instead of writing files' },
};

/** Usage text. */
export const jsonHelp = `Usage: signet pki json [-bare] [-f FILE] [-stdout] NAME

Reads cfssl JSON ({"cert","csr","key"}, bare or inside {"result": ...}) and writes
NAME.pem, NAME-key.pem (0600) and NAME.csr, like cfssljson.

${formatFlagHelp(specs)}`;

/** Runs the command; returns the exit code. */
export function json(argv: readonly string[], stdout: (s: string) => void): number {
  const parsed = parseFlags(argv, specs, 'signet pki json');
  const toStdout = flagBool(parsed, 'stdout');
  if (parsed.args.length !== 1 && !toStdout) throw new CliError('signet pki json: expected the output base NAME (see --help)');
  const input = flag(parsed, 'f') ?? '-';
  const text = readText(input, 'JSON input');
  if (text.trim() === '') throw new CliError('signet pki json: no JSON on input (did the command before the pipe fail?)');
  let doc = asObject(parseJsonText(text, input === '-' ? 'stdin' : input), 'input');
  if (!flagBool(parsed, 'bare') && doc['result'] !== undefined) doc = asObject(doc['result'], 'input: result');
  const pick = (...keys: string[]): string | undefined => {
    for (const k of keys) if (typeof doc[k] === 'string' && doc[k]) return doc[k] as string;
    return undefined;
  };
  const result = { cert: pick('cert', 'certificate'), key: pick('key', 'private_key'), csr: pick('csr', 'certificate_request') };
  if (!result.cert && !result.key && !result.csr) throw new CliError('signet pki json: the input has no "cert", "key" or "csr"');
  if (toStdout) {
    for (const v of [result.cert, result.key, result.csr]) if (v) stdout(v.endsWith('\n') ? v : v + '\n');
    return 0;
  }
  writeAll(bareFiles(parsed.args[0]!, result));
  return 0;
}
