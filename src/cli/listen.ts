// HOST:PORT flags (`--listen`, `--metrics-bind-address`) and addresses: an IPv6 host in
// brackets, port 0 for a free one.

import { CliError } from './errors.js';

/** Parses `value` of flag `--name` as HOST:PORT; an empty host is 127.0.0.1. */
export function parseHostPort(value: string, name: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(value);
  if (!m) throw new CliError(`--${name}: expected HOST:PORT, got "${value}"`);
  const host = m[1]!.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(m[2]);
  if (port > 65535) throw new CliError(`--${name}: port ${port} is out of range`);
  return { host, port };
}

/** `host:port`, an IPv6 host in brackets, as URLs write it. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
