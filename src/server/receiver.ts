// The OTLP/HTTP trace receiver (POST /v1/traces, OTLP specification "OTLP/HTTP"): JSON and
// protobuf bodies, gzip accepted, on loopback only. A batch is acknowledged (200) only once the
// LLM calls in it are on disk (CallLog.append syncs). Every bad request gets a 4xx with the reason
// in the body, as a google.rpc.Status in the request's own encoding; nothing a client sends can
// stop the receiver.
import { createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip } from 'node:zlib';
import type { ConfigValues } from '../config/load';
import { observedCalls } from '../core/telemetry/normalize';
import { toStoredCall } from '../core/telemetry/observations';
import type { ExportTraceServiceRequest } from '../core/telemetry/otlp';
import { decodeOtlpJson } from '../core/telemetry/otlpJson';
import { decodeOtlpProtobuf, OtlpDecodeError } from '../core/telemetry/protobuf';
import type { CallLog } from './callLog';

export const DEFAULT_PORT = 4318;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ReceiverOptions {
  host?: string;
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Largest body accepted, compressed and decompressed. */
  maxBodyBytes?: number;
  config: ConfigValues;
  log: CallLog;
  /** Told of each acknowledged batch (for the editor's refresh and the CLI's counters). */
  onBatch?: (b: { spans: number; calls: number }) => void;
}

export interface ReceiverStats {
  requests: number;
  rejected: number;
  spans: number;
  calls: number;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly stats: ReceiverStats;
  close(): Promise<void>;
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
  ) {
    super(message);
  }
}

/** google.rpc.Status { code = 1: int32, message = 2: string }: the body OTLP errors carry. */
function statusProtobuf(code: number, message: string): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const len: number[] = [];
  let n = msg.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x08, code, 0x12, ...len]), msg]);
}

// gRPC status codes for the Status body (OTLP/HTTP maps HTTP errors to them).
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 404: 5, 405: 12, 413: 8, 415: 3, 500: 13, 503: 14 };

function send(res: http.ServerResponse, status: number, protobuf: boolean, body?: { message?: string; rejectedSpans?: number }): void {
  if (res.headersSent) return;
  if (status === 200) {
    // ExportTraceServiceResponse; empty when everything was accepted.
    if (protobuf) {
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    } else {
      const text = JSON.stringify(body?.rejectedSpans ? { partialSuccess: { rejectedSpans: String(body.rejectedSpans), errorMessage: body.message ?? '' } } : {});
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
    return;
  }
  const message = body?.message ?? http.STATUS_CODES[status] ?? 'error';
  const code = GRPC_CODE[status] ?? 2;
  const payload = protobuf ? statusProtobuf(code, message) : Buffer.from(JSON.stringify({ code, message }));
  res.writeHead(status, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json', 'content-length': payload.length, ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}), ...(status === 405 ? { allow: 'POST' } : {}) });
  res.end(payload);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s(.+)$/i.exec(header ?? ''); // trimmed below: `\s+(.+)` would backtrack quadratically
  // Compared as fixed-length digests: the time taken says nothing about the token.
  const a = createHash('sha256').update(m ? m[1].trim() : '').digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && !!m;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
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
    const source: NodeJS.ReadableStream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      reject(e);
    };
    source.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        fail(new HttpError(413, `the body is over the limit of ${limit} bytes${encoding === 'gzip' ? ' (decompressed)' : ''}`));
        req.unpipe();
        req.resume();
        return;
      }
      if (!done) chunks.push(c);
    });
    source.on('error', (e: Error) => fail(new HttpError(400, `the body could not be read: ${e.message}`)));
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

/** Start the receiver. Rejects with a ReceiverError naming the problem (not loopback, port taken). */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) return Promise.reject(new ReceiverError(`refusing to listen on ${host}: the CostLens receiver listens on loopback only (127.0.0.1, ::1, localhost); forward from a Collector running next to your services`));
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const stats: ReceiverStats = { requests: 0, rejected: 0, spans: 0, calls: 0 };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    stats.requests++;
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const protobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
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
      if (options.token && !tokenMatches(req.headers.authorization, options.token)) throw new HttpError(401, 'a valid bearer token is required (Authorization: Bearer …)');
      if (!protobuf && type !== 'application/json') throw new HttpError(415, `content-type "${type || '(none)'}" is not supported: use application/json or application/x-protobuf`);
      const body = await readBody(req, limit);
      let request: ExportTraceServiceRequest;
      try {
        request = protobuf ? decodeOtlpProtobuf(body) : decodeOtlpJson(body.toString('utf8'));
      } catch (e) {
        throw new HttpError(400, e instanceof OtlpDecodeError ? `not an OTLP trace export: ${e.message}` : `the body could not be decoded: ${String(e)}`);
      }
      let spans = 0;
      for (const r of request.resourceSpans ?? []) for (const s of r.scopeSpans ?? []) spans += s.spans?.length ?? 0;
      const { calls } = observedCalls(request);
      const stored = calls.map((c) => toStoredCall(c, options.config));
      // On disk before the acknowledgement (a retried batch is stored once).
      const fresh = options.log.append(stored);
      stats.spans += spans;
      stats.calls += fresh;
      send(res, 200, protobuf);
      options.onBatch?.({ spans, calls: fresh });
    } catch (e) {
      stats.rejected++;
      if (e instanceof HttpError) send(res, e.status, protobuf, { message: e.message });
      else send(res, 500, protobuf, { message: `the receiver failed to store the batch: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, false, { message: 'internal error' });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  // A client that sends garbage instead of HTTP gets a 400 and the connection closed.
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
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
