// The OTLP/HTTP trace receiver (POST /v1/traces, OTLP specification "OTLP/HTTP"): JSON and
// protobuf bodies, gzip accepted, on loopback only. A batch is acknowledged (200) only once the
// LLM calls in it are on disk (CallLog.append syncs); spans it refuses are reported in the
// response's partialSuccess with the reason. Every bad request gets a 4xx with the reason in the
// body, as a google.rpc.Status in the request's own encoding; what may succeed later (the store
// cannot write, too many large bodies at once) gets a retryable 503 or 429 with Retry-After;
// nothing a client sends can stop the receiver.
//
// Memory and time: a body is decoded span by span into the calls it holds (a span that is not an
// LLM call keeps only its parent and names), within limits proportional to the body limit (spans
// and attribute values per request: past them, 413 before more is built), in slices that let
// other requests run between them. Large bodies are decoded one at a time, and the bytes of bodies
// held at once are bounded; past that bound a request is told to retry (429).
import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createGunzip } from 'node:zlib';
import type { ConfigValues } from '../config/load';
import type { ObservedCall } from '../core/telemetry/call';
import { CallNormalizer, normalizingSink } from '../core/telemetry/normalize';
import { type StoredCall, toStoredCall } from '../core/telemetry/observations';
import { type DecodeLimits, OtlpTooLargeError } from '../core/telemetry/otlp';
import { decodeOtlpJsonInto } from '../core/telemetry/otlpJson';
import { decodeOtlpProtobufInto, OtlpDecodeError } from '../core/telemetry/protobuf';
import { type CallLog, StoreUnavailableError } from './callLog';

export const DEFAULT_PORT = 4318;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Time a request may take to arrive, headers and body. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Bytes of body per span, and per attribute value, a request may carry at most (see decodeLimitsFor). */
export const BYTES_PER_SPAN = 128;
export const BYTES_PER_VALUE = 16;
/** Bodies up to this size are decoded at once; larger ones wait for the one large-body slot. */
const LARGE_BODY = 1024 * 1024;
/** Bodies held at once (being received, waiting or being decoded), in body limits. */
const PENDING_BODIES = 4;
/** Time decoding runs before other requests get their turn. */
const SLICE_MS = 8;
/** Seconds a client is asked to wait before trying again. */
const RETRY_STORE_S = 5;
const RETRY_BUSY_S = 1;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ReceiverOptions {
  host?: string;
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. An empty string is refused: pass undefined for none. */
  token?: string;
  /** Largest body accepted, compressed and decompressed. */
  maxBodyBytes?: number;
  /** Time a request may take to arrive (headers and body); past it, 408. */
  bodyTimeoutMs?: number;
  config: ConfigValues;
  log: CallLog;
  /** Told of each acknowledged batch (for the editor's refresh and the CLI's counters). */
  onBatch?: (b: { spans: number; calls: number; rejected: number }) => void;
}

export interface ReceiverStats {
  requests: number;
  /** Requests refused (4xx, 5xx). */
  rejected: number;
  spans: number;
  calls: number;
  /** Spans refused inside accepted requests (partialSuccess). */
  rejectedSpans: number;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly stats: ReceiverStats;
  close(): Promise<void>;
}

/**
 * The most one request may carry: a span per BYTES_PER_SPAN and an attribute value per
 * BYTES_PER_VALUE of the body limit (131,072 spans and 1,048,576 values at 16 MiB). Real spans
 * of LLM calls take far more bytes than that; a body of millions of empty spans does not.
 */
export function decodeLimitsFor(maxBodyBytes: number): DecodeLimits {
  return { maxSpans: Math.max(1024, Math.floor(maxBodyBytes / BYTES_PER_SPAN)), maxValues: Math.max(16_384, Math.floor(maxBodyBytes / BYTES_PER_VALUE)) };
}

export class ReceiverError extends Error {}

/** Whether a host name is loopback (the only place the receiver listens). */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait before retrying (429, 503). */
    readonly retryAfter?: number,
    /** Close the connection after the answer (a client too slow to wait for). */
    readonly close?: boolean,
  ) {
    super(message);
  }
}

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
}

/** A length-delimited protobuf field. */
function lenField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);
}

/** google.rpc.Status { code = 1: int32, message = 2: string }: the body OTLP errors carry. */
function statusProtobuf(code: number, message: string): Buffer {
  return Buffer.concat([Buffer.from([0x08, code]), lenField(2, Buffer.from(message, 'utf8'))]);
}

/** ExportTraceServiceResponse { partial_success = 1: { rejected_spans = 1: int64, error_message = 2: string } }. */
function partialSuccessProtobuf(rejected: number, message: string): Buffer {
  return lenField(1, Buffer.concat([Buffer.from([0x08, ...varint(rejected)]), lenField(2, Buffer.from(message, 'utf8'))]));
}

// gRPC status codes for the Status body (OTLP/HTTP maps HTTP errors to them).
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 408: 4, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

interface Answer {
  message?: string;
  /** Spans refused in an accepted request, and why (partialSuccess). */
  rejectedSpans?: number;
  retryAfter?: number;
  /** Close the connection after answering (the rest of the body is not read). */
  close?: boolean;
}

function statusBody(status: number, protobuf: boolean, message: string): Buffer {
  const code = GRPC_CODE[status] ?? 2;
  return protobuf ? statusProtobuf(code, message) : Buffer.from(JSON.stringify({ code, message }));
}

function send(res: http.ServerResponse, status: number, protobuf: boolean, body: Answer = {}): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const type = protobuf ? 'application/x-protobuf' : 'application/json';
  if (status === 200) {
    // ExportTraceServiceResponse; empty when everything was accepted, else partialSuccess with
    // the count refused and why (OTLP allows the message alone, as a warning, with 0 refused).
    const partial = body.message !== undefined && (body.rejectedSpans || body.message);
    const payload = protobuf
      ? partial
        ? partialSuccessProtobuf(body.rejectedSpans ?? 0, body.message!)
        : Buffer.alloc(0)
      : Buffer.from(JSON.stringify(partial ? { partialSuccess: { rejectedSpans: String(body.rejectedSpans ?? 0), errorMessage: body.message } } : {}));
    res.writeHead(200, { 'content-type': type, 'content-length': payload.length });
    res.end(payload);
    return;
  }
  const payload = statusBody(status, protobuf, body.message ?? http.STATUS_CODES[status] ?? 'error');
  res.writeHead(status, {
    'content-type': type,
    'content-length': payload.length,
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    ...(status === 405 ? { allow: 'POST' } : {}),
    ...(body.retryAfter ? { 'retry-after': String(body.retryAfter) } : {}),
    ...(body.close ? { connection: 'close' } : {}),
  });
  res.end(payload);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s(.+)$/i.exec(header ?? ''); // trimmed below: `\s+(.+)` would backtrack quadratically
  // Compared as fixed-length digests: the time taken says nothing about the token.
  const a = createHash('sha256').update(m ? m[1].trim() : '').digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && !!m;
}

/** Bytes of bodies held at once, against a bound: a body that would pass it is refused (429). */
class Pending {
  bytes = 0;
  constructor(readonly max: number) {}
  take(n: number): boolean {
    if (this.bytes + n > this.max) return false;
    this.bytes += n;
    return true;
  }
  give(n: number): void {
    this.bytes = Math.max(0, this.bytes - n);
  }
}

/** One at a time, in order of arrival. */
class Slot {
  private tail: Promise<void> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Run stepwise work to its end, letting other work run every SLICE_MS. */
async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  let until = performance.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + SLICE_MS;
    }
  }
}

/**
 * The body, decompressed, within `limit` bytes and by `deadline` (ms since the epoch). Holds its
 * bytes in `pending` as they arrive; the caller gives them back.
 */
function readBody(req: http.IncomingMessage, limit: number, timeoutMs: number, arrived: number, pending: Pending, held: { bytes: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `the body is ${declared} bytes, over the limit of ${limit}`));
      return;
    }
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      reject(new HttpError(415, `content-encoding "${encoding}" is not supported (use gzip or none)`));
      return;
    }
    // The declared length is held at once, so bodies arriving together are taken or refused
    // whole, not all cut short half-way; a body that grows past it (gzip) holds more as it grows.
    const busy = () => new HttpError(429, `the receiver holds as many large bodies as it may at once (${pending.max} bytes); try again shortly`, RETRY_BUSY_S);
    if (Number.isFinite(declared) && declared > 0) {
      if (!pending.take(declared)) {
        reject(busy());
        return;
      }
      held.bytes = declared;
    }
    const source: NodeJS.ReadableStream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => fail(new HttpError(408, `the body did not arrive within ${timeoutMs / 1000} s; send it again`, undefined, true)), Math.max(0, arrived + timeoutMs - Date.now()));
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      chunks.length = 0;
      // The rest of the body is read and dropped, so the answer reaches the client.
      req.unpipe();
      req.resume();
      reject(e);
    };
    source.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        fail(new HttpError(413, `the body is over the limit of ${limit} bytes${encoding === 'gzip' ? ' (decompressed)' : ''}`));
        return;
      }
      if (size > held.bytes) {
        if (!pending.take(size - held.bytes)) {
          fail(busy());
          return;
        }
        held.bytes = size;
      }
      chunks.push(c);
    });
    source.on('error', (e: Error) => fail(new HttpError(400, `the body could not be read: ${e.message}`)));
    req.on('close', () => {
      if (!req.complete) fail(new HttpError(400, 'the connection closed before the body arrived'));
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

interface Decoded {
  spans: number;
  calls: ObservedCall[];
  rejected: number;
  problems: string[];
}

/** Decode a body into the LLM calls it holds, in slices. */
async function decode(body: Buffer, protobuf: boolean, limits: DecodeLimits, maxBodyBytes: number): Promise<Decoded> {
  const normalizer = new CallNormalizer();
  const sink = normalizingSink(normalizer);
  let spans = 0;
  const counting = { ...sink, span: (s: unknown) => (spans++, sink.span(s)) };
  try {
    await inSlices(protobuf ? decodeOtlpProtobufInto(body, counting, limits) : decodeOtlpJsonInto(body.toString('utf8'), counting, limits));
  } catch (e) {
    if (e instanceof OtlpTooLargeError) {
      throw new HttpError(413, `${e.message} (a span per ${BYTES_PER_SPAN} bytes and an attribute value per ${BYTES_PER_VALUE} bytes of the ${maxBodyBytes}-byte body limit): send smaller batches`);
    }
    throw new HttpError(400, e instanceof OtlpDecodeError ? `not an OTLP trace export: ${e.message}` : `the body could not be decoded: ${String(e)}`);
  }
  const { calls, rejected, problems } = normalizer.finish();
  return { spans, calls, rejected, problems };
}

function* storedCalls(calls: ObservedCall[], config: ConfigValues): Generator<void, StoredCall[], void> {
  const out: StoredCall[] = [];
  for (let i = 0; i < calls.length; i++) {
    out.push(toStoredCall(calls[i], config));
    if (i % 256 === 255) yield;
  }
  return out;
}

/** Start the receiver. Rejects with a ReceiverError naming the problem (not loopback, port taken, empty token). */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) return Promise.reject(new ReceiverError(`refusing to listen on ${host}: the CostLens receiver listens on loopback only (127.0.0.1, ::1, localhost); forward from a Collector running next to your services`));
  // An empty token would match no header and leave the door open by accident: say "none" explicitly.
  if (options.token === '') return Promise.reject(new ReceiverError('the bearer token is empty: give a token, or none to accept requests without one'));
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limits = decodeLimitsFor(limit);
  const bodyTimeout = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const stats: ReceiverStats = { requests: 0, rejected: 0, spans: 0, calls: 0, rejectedSpans: 0 };
  const pending = new Pending(PENDING_BODIES * limit);
  const largeBodies = new Slot();
  /** Whether each connection's current request is protobuf: for answering a timeout the server detects. */
  const protobufOn = new WeakMap<Socket, boolean>();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    stats.requests++;
    const arrived = Date.now();
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const protobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
    protobufOn.set(req.socket, protobuf);
    const held = { bytes: 0 };
    try {
      // Only loopback peers, whatever the socket was bound to.
      if (!isLoopback(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '')) throw new HttpError(403, 'only loopback clients may send telemetry here');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (url.pathname !== '/v1/traces') throw new HttpError(404, `no ${url.pathname} here: send traces to /v1/traces`);
      if (req.method !== 'POST') throw new HttpError(405, `${req.method} is not allowed: POST traces to /v1/traces`);
      if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) throw new HttpError(401, 'a valid bearer token is required (Authorization: Bearer …)');
      if (!protobuf && type !== 'application/json') throw new HttpError(415, `content-type "${type || '(none)'}" is not supported: use application/json or application/x-protobuf`);
      const body = await readBody(req, limit, bodyTimeout, arrived, pending, held);
      const work = async () => {
        const d = await decode(body, protobuf, limits, limit);
        const stored = await inSlices(storedCalls(d.calls, options.config));
        // On disk before the acknowledgement (a retried batch is stored once).
        return { ...d, fresh: options.log.append(stored) };
      };
      const r = body.length > LARGE_BODY ? await largeBodies.run(work) : await work();
      stats.spans += r.spans;
      stats.calls += r.fresh;
      stats.rejectedSpans += r.rejected;
      send(res, 200, protobuf, r.problems.length ? { rejectedSpans: r.rejected, message: r.problems.join('; ') } : {});
      options.onBatch?.({ spans: r.spans, calls: r.fresh, rejected: r.rejected });
    } catch (e) {
      stats.rejected++;
      if (e instanceof HttpError) {
        if (!req.complete) req.resume();
        send(res, e.status, protobuf, { message: e.message, retryAfter: e.retryAfter, close: e.close });
      } else if (e instanceof StoreUnavailableError) send(res, 503, protobuf, { message: e.message, retryAfter: RETRY_STORE_S });
      else send(res, 500, protobuf, { message: `the receiver failed to store the batch: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      pending.give(held.bytes);
    }
  };

  // Timeouts are checked every second (Node's default, 30 s, would let a stalled request sit long past its limit).
  const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, bodyTimeout) }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, false, { message: 'internal error' });
    });
  });
  // The handler's own deadline answers a slow body; the server's is a backstop (headers too).
  server.requestTimeout = bodyTimeout + 2000;
  server.headersTimeout = Math.min(10_000, bodyTimeout);
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Socket) => {
    // A request that did not arrive in time is 408 (exporters retry it; a 400 they drop);
    // garbage instead of HTTP is 400. Either way with the reason, and the connection closed.
    // Answered already (the handler's own 408): nothing more to say.
    if ((socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const timeout = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' || e.code === 'ERR_HTTP_HEADERS_TIMEOUT';
    const protobuf = protobufOn.get(socket) ?? false;
    const status = timeout ? 408 : 400;
    const payload = statusBody(status, protobuf, timeout ? 'the request did not arrive in time; send it again' : `not an HTTP request: ${e.code ?? e.message}`);
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: ${protobuf ? 'application/x-protobuf' : 'application/json'}\r\ncontent-length: ${payload.length}\r\n\r\n${payload.toString('latin1')}`, 'latin1');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const port = options.port ?? DEFAULT_PORT;
      reject(
        new ReceiverError(
          e.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is already in use (an OpenTelemetry Collector or another receiver?): choose another with costlens.telemetry.port or --port`
            : e.code === 'EACCES'
              ? `not allowed to listen on port ${port}: choose a port above 1023`
              : `cannot listen on ${host}:${port}: ${e.message}`,
        ),
      );
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      const port = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}/v1/traces`,
        port,
        stats,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
