// Writing responses: every one carries a Content-Type (typed clients otherwise try protobuf),
// errors are Status objects, and nothing is written after a response has been taken over
// by a timeout.

import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { StatusError } from '../api/errors.js';

/** JSON response with status `code`: `body` serialized, or already JSON text or bytes. */
export function sendJson(res: ServerResponse, code: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

/** YAML response (for clients that ask for application/yaml). */
export function sendYaml(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  const text = toYaml(body);
  res.writeHead(code, { 'Content-Type': 'application/yaml', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A Status error response, with Retry-After when the Status carries one. */
export function sendStatus(res: ServerResponse, err: StatusError): void {
  const retry = err.status.details?.retryAfterSeconds;
  sendJson(res, err.status.code, err.status, retry ? { 'Retry-After': String(retry) } : {});
}

/** Plain text (health endpoints). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
