// OTLP/JSON (the OTLP spec's JSON encoding of ExportTraceServiceRequest), checked as it is read:
// lowerCamelCase field names (the proto's snake_case names accepted too), ids in hex (base64
// accepted, as some older exporters wrote), 64-bit integers as strings or numbers. A value of the
// wrong type fails with the path to it; unknown fields are ignored, as the spec requires.
import { type AnyValue, type DecodeLimits, type ExportTraceServiceRequest, type KeyValue, type OtlpSpan, type OtlpSpanSink, OtlpTooLargeError, requestBuilder, runToEnd } from './otlp';
import { OtlpDecodeError } from './protobuf';

const MAX_DEPTH = 32;

type Json = unknown;

function field(o: Record<string, Json>, camel: string): Json {
  if (camel in o) return o[camel];
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return o[snake];
}

function obj(v: Json, at: string): Record<string, Json> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OtlpDecodeError(`${at}: expected an object`);
  return v as Record<string, Json>;
}

function arr(v: Json, at: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${at}: expected an array`);
  return v;
}

function str(v: Json, at: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new OtlpDecodeError(`${at}: expected a string`);
  return v;
}

/** uint64/int64 as a decimal string: OTLP/JSON writes them as strings; numbers are accepted. */
function int64(v: Json, at: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) return v;
  throw new OtlpDecodeError(`${at}: expected an integer`);
}

const HEX = /^[0-9a-fA-F]*$/;

/** A trace or span id: hex as OTLP/JSON requires, or base64 of the right length. */
function id(v: Json, at: string, bytes: number): string {
  const s = str(v, at) ?? '';
  if (s.length === bytes * 2 && HEX.test(s)) return s.toLowerCase();
  if (s === '') return '';
  const raw = Buffer.from(s, 'base64');
  if (raw.length === bytes && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) return raw.toString('hex');
  throw new OtlpDecodeError(`${at}: expected ${bytes * 2} hex digits`);
}

function anyValue(v: Json, at: string, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new OtlpDecodeError(`${at}: values nested deeper than ${MAX_DEPTH}`);
  if (v === undefined || v === null) return {};
  const o = obj(v, at);
  const out: AnyValue = {};
  const s = field(o, 'stringValue');
  if (s !== undefined) out.stringValue = str(s, `${at}.stringValue`);
  const b = field(o, 'boolValue');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new OtlpDecodeError(`${at}.boolValue: expected true or false`);
    out.boolValue = b;
  }
  const i = field(o, 'intValue');
  if (i !== undefined) out.intValue = int64(i, `${at}.intValue`);
  const d = field(o, 'doubleValue');
  if (d !== undefined) {
    // Non-finite doubles are written as strings in proto3 JSON ("NaN", "Infinity", "-Infinity"):
    // a value the encoding allows, left to the reader of the attribute to accept or refuse.
    const n = typeof d === 'string' ? (d === 'NaN' ? Number.NaN : Number(d)) : d;
    if (typeof n !== 'number' || (Number.isNaN(n) && d !== 'NaN')) throw new OtlpDecodeError(`${at}.doubleValue: expected a number`);
    out.doubleValue = n;
  }
  const a = field(o, 'arrayValue');
  if (a !== undefined && a !== null) out.arrayValue = { values: arr(obj(a, `${at}.arrayValue`).values, `${at}.arrayValue.values`).map((x, k) => anyValue(x, `${at}.arrayValue.values[${k}]`, depth + 1)) };
  const kv = field(o, 'kvlistValue');
  if (kv !== undefined && kv !== null) out.kvlistValue = { values: keyValues(obj(kv, `${at}.kvlistValue`).values, `${at}.kvlistValue.values`, depth + 1) };
  const by = field(o, 'bytesValue');
  if (by !== undefined) out.bytesValue = str(by, `${at}.bytesValue`);
  return out;
}

function keyValues(v: Json, at: string, depth = 0): KeyValue[] {
  return arr(v, at).map((x, k) => {
    const o = obj(x, `${at}[${k}]`);
    const key = str(o.key, `${at}[${k}].key`);
    if (key === undefined) throw new OtlpDecodeError(`${at}[${k}].key: missing`);
    return { key, value: anyValue(o.value, `${at}[${k}].value`, depth) };
  });
}

function span(v: Json, at: string): OtlpSpan {
  const o = obj(v, at);
  const status = field(o, 'status');
  const so = status === undefined || status === null ? undefined : obj(status, `${at}.status`);
  const kind = field(o, 'kind');
  const code = so ? so.code : undefined;
  return {
    traceId: id(field(o, 'traceId'), `${at}.traceId`, 16),
    spanId: id(field(o, 'spanId'), `${at}.spanId`, 8),
    ...(field(o, 'parentSpanId') ? { parentSpanId: id(field(o, 'parentSpanId'), `${at}.parentSpanId`, 8) } : {}),
    name: str(o.name, `${at}.name`) ?? '',
    ...(typeof kind === 'number' ? { kind } : {}),
    startTimeUnixNano: int64(field(o, 'startTimeUnixNano'), `${at}.startTimeUnixNano`) ?? '0',
    endTimeUnixNano: int64(field(o, 'endTimeUnixNano'), `${at}.endTimeUnixNano`) ?? '0',
    attributes: keyValues(o.attributes, `${at}.attributes`),
    ...(so ? { status: { ...(typeof code === 'number' ? { code } : {}), ...(typeof so.message === 'string' ? { message: so.message } : {}) } } : {}),
  };
}

/** Spans between two chances for the caller to let other work run. */
const SPANS_PER_STEP = 256;

function* requestInto(value: Json, sink: OtlpSpanSink, maxSpans: number): Generator<void, void, void> {
  const o = obj(value, 'request');
  let spans = 0;
  const resourceSpans = arr(field(o, 'resourceSpans'), 'resourceSpans');
  for (let k = 0; k < resourceSpans.length; k++) {
    const at = `resourceSpans[${k}]`;
    const ro = obj(resourceSpans[k], at);
    const resource = ro.resource === undefined || ro.resource === null ? undefined : obj(ro.resource, `${at}.resource`);
    sink.resource(resource ? { attributes: keyValues(resource.attributes, `${at}.resource.attributes`) } : undefined);
    const scopeSpans = arr(field(ro, 'scopeSpans'), `${at}.scopeSpans`);
    for (let j = 0; j < scopeSpans.length; j++) {
      const sat = `${at}.scopeSpans[${j}]`;
      const so = obj(scopeSpans[j], sat);
      const scope = so.scope === undefined || so.scope === null ? undefined : obj(so.scope, `${sat}.scope`);
      sink.scope(scope ? { name: str(scope.name, `${sat}.scope.name`), version: str(scope.version, `${sat}.scope.version`) } : undefined);
      const list = arr(so.spans, `${sat}.spans`);
      for (let i = 0; i < list.length; i++) {
        if (++spans > maxSpans) throw new OtlpTooLargeError('spans', maxSpans);
        sink.span(span(list[i], `${sat}.spans[${i}]`));
        if (spans % SPANS_PER_STEP === 0) yield;
      }
    }
  }
}

/**
 * Objects and arrays in a JSON text, counted without parsing it (strings skipped), up to `limit`:
 * JSON.parse builds every one of them, so a body of tiny ones is refused before it is parsed.
 */
export function jsonStructuresOver(text: string, limit: number): boolean {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if ((c === 0x7b || c === 0x5b) && ++n > limit) return true;
  }
  return false;
}

function parse(text: string): Json {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 quotes a piece of the body (`Unexpected token 'C', "{"a": Customer J"... is not valid
    // JSON`): left out, as the body may hold prompt text and the answer may end up in a log.
    let why = e instanceof Error ? e.message : String(e);
    if (why.endsWith('is not valid JSON')) {
      const quote = why.indexOf(', ');
      why = quote >= 0 ? why.slice(0, quote) : 'not valid JSON';
    }
    throw new OtlpDecodeError(`not JSON: ${why}`);
  }
}

/** An ExportTraceServiceRequest from an already parsed JSON value. */
export function toTraceRequest(value: Json): ExportTraceServiceRequest {
  const { sink, request } = requestBuilder();
  runToEnd(requestInto(value, sink, Infinity));
  return request;
}

/**
 * Decode an OTLP/JSON body span by span into a sink, yielding every few hundred spans. Throws
 * OtlpDecodeError naming what is wrong and where, OtlpTooLargeError past the limits (the count of
 * objects and arrays is checked before the text is parsed).
 */
export function* decodeOtlpJsonInto(text: string, sink: OtlpSpanSink, limits?: DecodeLimits): Generator<void, void, void> {
  if (limits && jsonStructuresOver(text, limits.maxValues)) throw new OtlpTooLargeError('values', limits.maxValues);
  const value = parse(text);
  yield;
  yield* requestInto(value, sink, limits?.maxSpans ?? Infinity);
}

/** Decode an OTLP/JSON body. Throws OtlpDecodeError naming what is wrong and where. */
export function decodeOtlpJson(text: string): ExportTraceServiceRequest {
  return toTraceRequest(parse(text));
}

/**
 * A file of OTLP/JSON: one request, or one per line as the Collector's file exporter writes them.
 * Lines that fail are reported with their number; the others are kept.
 */
export function decodeOtlpJsonFile(text: string): { requests: ExportTraceServiceRequest[]; problems: string[] } {
  const trimmed = text.trim();
  try {
    return { requests: [decodeOtlpJson(trimmed)], problems: [] };
  } catch (whole) {
    const lines = trimmed.split(/\r?\n/);
    if (lines.length < 2) return { requests: [], problems: [String((whole as Error).message)] };
    const requests: ExportTraceServiceRequest[] = [];
    const problems: string[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        requests.push(decodeOtlpJson(line));
      } catch (e) {
        if (problems.length < 20) problems.push(`line ${i + 1}: ${(e as Error).message}`);
      }
    });
    return { requests, problems };
  }
}
