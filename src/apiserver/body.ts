// Reading request bodies within kube-apiserver's size limit, without buffering an oversized
// one: a declared Content-Length over the limit is refused before reading, and a chunked body
// is cut off as soon as it passes the limit; the 413 is answered after the rest is discarded.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { maxRequestBodyBytes, newRequestEntityTooLarge } from '../api/errors.js';
import { sendStatus } from './respond.js';

/** Thrown when a body passes the limit; the server answers 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request entity too large: limit is ${limit}`);
  }
}

/** Reads the whole body, or throws BodyTooLargeError past `limit` bytes. */
export function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, value?: Buffer): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading; the response closes the connection, so the rest is never buffered.
        req.pause();
        finish(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (err: Error): void => finish(err);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Answers 413 for an oversized body. Answering while the client is still sending and then
 * closing makes the kernel reset the connection, and the client loses the answer; so the rest
 * of the body is first discarded as it arrives (never buffered), within a bound of bytes and
 * time, and the answer follows.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const maxDiscard = 64 * 1024 * 1024;
  let discarded = 0;
  let answered = false;
  const answer = (): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    res.setHeader('Connection', 'close');
    sendStatus(res, newRequestEntityTooLarge(limit));
  };
  const timer = setTimeout(answer, 2000);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscard) answer();
  });
  req.once('end', answer);
  req.once('error', answer);
  req.resume();
}
