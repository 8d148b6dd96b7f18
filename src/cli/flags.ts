// Command-line flags in the style of Go's flag package, which cfssl uses: `-ca=ca.pem`,
// `-ca ca.pem`, `--ca=ca.pem` and `--ca ca.pem` are all the same flag, so every cfssl command
// line from the seeds works unchanged, and GNU-style `--out DIR` works beside it.

import { CliError } from './errors.js';

/** How one flag is declared. */
export interface FlagSpec {
  /** Takes no value (`-initca`); `-initca=false` still works. */
  readonly bool?: boolean;
  /** May be given several times; values accumulate. */
  readonly repeat?: boolean;
  /** One line of help. */
  readonly help: string;
  /** Placeholder for the value in help (`FILE`). */
  readonly value?: string;
}

/** Parsed flags and the positional arguments after them. */
export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string[]>;
  readonly args: readonly string[];
}

/**
 * Parses `argv` against `specs`. Flags may appear anywhere before `--`; `-` alone is a
 * positional (stdin). Unknown flags are an error naming the flag.
 */
export function parseFlags(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>, command: string): ParsedFlags {
  const values = new Map<string, string[]>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = specs[name];
    if (!spec) throw new CliError(`${command}: unknown flag -${name} (see ${command} --help)`);
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (spec.bool) value = 'true';
    else {
      if (i + 1 >= argv.length) throw new CliError(`${command}: flag -${name} needs a value`);
      value = argv[++i]!;
    }
    if (spec.bool && value !== 'true' && value !== 'false') {
      throw new CliError(`${command}: flag -${name} takes true or false, not "${value}"`);
    }
    const list = values.get(name) ?? [];
    if (spec.repeat) list.push(value);
    else list.splice(0, list.length, value);
    values.set(name, list);
  }
  return { values, args };
}

/** The last value of a flag, or undefined. */
export function flag(parsed: ParsedFlags, name: string): string | undefined {
  const v = parsed.values.get(name);
  return v ? v[v.length - 1] : undefined;
}

/** Whether a boolean flag is set. */
export function flagBool(parsed: ParsedFlags, name: string): boolean {
  return flag(parsed, name) === 'true';
}

/** Every value of a repeatable flag. */
export function flagAll(parsed: ParsedFlags, name: string): string[] {
  return parsed.values.get(name) ?? [];
}

/** Help text for a set of flags, aligned. */
export function formatFlagHelp(specs: Readonly<Record<string, FlagSpec>>): string {
  const rows = Object.entries(specs).map(([name, s]) => [`  -${name}${s.bool ? '' : ` ${s.value ?? 'VALUE'}`}`, s.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, help]) => left.padEnd(width) + help).join('\n');
}
