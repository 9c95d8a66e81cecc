// OTLP/protobuf: ExportTraceServiceRequest (opentelemetry-proto collector/trace/v1) decoded from the
// wire format into the shape OTLP/JSON has (otlp.ts). Only the fields CostLens reads are kept;
// every other field is skipped by its wire type, as protobuf readers must. Malformed input throws
// OtlpDecodeError with the byte offset, never anything else.
import { type AnyValue, type DecodeLimits, type ExportTraceServiceRequest, type KeyValue, type OtlpSpan, type OtlpSpanSink, OtlpTooLargeError, requestBuilder, runToEnd } from './otlp';

export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

/** Spans and attribute values decoded so far, against the limits (none: unbounded). */
class Budget {
  spans = 0;
  values = 0;
  constructor(private readonly limits?: DecodeLimits) {}
  span(): void {
    if (this.limits && ++this.spans > this.limits.maxSpans) throw new OtlpTooLargeError('spans', this.limits.maxSpans);
  }
  value(): void {
    if (this.limits && ++this.values > this.limits.maxValues) throw new OtlpTooLargeError('values', this.limits.maxValues);
  }
}

/** Spans between two chances for the caller to let other work run. */
const SPANS_PER_STEP = 256;

/** Nesting of AnyValue (arrays and maps inside each other) beyond this is refused, not recursed. */
const MAX_DEPTH = 32;

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  fail(what: string): never {
    throw new OtlpDecodeError(`malformed protobuf at byte ${this.pos}: ${what}`);
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result & 0xffffffffffffffffn;
      shift += 7n;
    }
    this.fail('varint longer than 10 bytes');
  }

  /** A varint that must fit a JavaScript number (tags, lengths, enums, counts). */
  small(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) this.fail('varint too large');
        return result;
      }
      mul *= 128;
    }
    this.fail('varint longer than 10 bytes');
  }

  fixed64(): bigint {
    if (this.pos + 8 > this.end) this.fail('truncated fixed64');
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(this.buf[this.pos + i]);
    this.pos += 8;
    return v;
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** The bounds of a length-delimited field's bytes. */
  bytes(): { start: number; end: number } {
    const len = this.small();
    const start = this.pos;
    if (start + len > this.end) this.fail(`length ${len} runs past the end`);
    this.pos = start + len;
    return { start, end: start + len };
  }

  string(): string {
    const { start, end } = this.bytes();
    return utf8.decode(this.buf.subarray(start, end));
  }

  hex(): string {
    const { start, end } = this.bytes();
    let s = '';
    for (let i = start; i < end; i++) s += HEX[this.buf[i]];
    return s;
  }

  sub(): Reader {
    const { start, end } = this.bytes();
    return new Reader(this.buf, start, end);
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_I64) {
      if (this.pos + 8 > this.end) this.fail('truncated fixed64');
      this.pos += 8;
    } else if (wire === WIRE_LEN) this.bytes();
    else if (wire === WIRE_I32) {
      if (this.pos + 4 > this.end) this.fail('truncated fixed32');
      this.pos += 4;
    } else this.fail(`unsupported wire type ${wire}`);
  }

  /** Each field of this message: its number and wire type; the handler reads or skips it. */
  fields(handle: (field: number, wire: number) => boolean | void): void {
    while (this.pos < this.end) {
      const tag = this.small();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 0) this.fail('field number 0');
      if (handle(field, wire) !== true) this.skip(wire);
    }
  }
}

function expect(r: Reader, wire: number, want: number, what: string): void {
  if (wire !== want) r.fail(`${what} has wire type ${wire}, expected ${want}`);
}

function int64String(v: bigint): string {
  return (v >= 0x8000000000000000n ? v - 0x10000000000000000n : v).toString();
}

function anyValue(r: Reader, depth: number, budget: Budget): AnyValue {
  if (depth > MAX_DEPTH) r.fail(`values nested deeper than ${MAX_DEPTH}`);
  const out: AnyValue = {};
  r.fields((field, wire) => {
    switch (field) {
      case 1:
        expect(r, wire, WIRE_LEN, 'string_value');
        out.stringValue = r.string();
        return true;
      case 2:
        expect(r, wire, WIRE_VARINT, 'bool_value');
        out.boolValue = r.varint() !== 0n;
        return true;
      case 3:
        expect(r, wire, WIRE_VARINT, 'int_value');
        out.intValue = int64String(r.varint());
        return true;
      case 4:
        expect(r, wire, WIRE_I64, 'double_value');
        out.doubleValue = r.double();
        return true;
      case 5: {
        expect(r, wire, WIRE_LEN, 'array_value');
        const sub = r.sub();
        const values: AnyValue[] = [];
        sub.fields((f, w) => {
          if (f !== 1) return false;
          expect(sub, w, WIRE_LEN, 'array value');
          budget.value();
          values.push(anyValue(sub.sub(), depth + 1, budget));
          return true;
        });
        out.arrayValue = { values };
        return true;
      }
      case 6: {
        expect(r, wire, WIRE_LEN, 'kvlist_value');
        const sub = r.sub();
        const values: KeyValue[] = [];
        sub.fields((f, w) => {
          if (f !== 1) return false;
          expect(sub, w, WIRE_LEN, 'kvlist value');
          values.push(keyValue(sub.sub(), budget, depth + 1));
          return true;
        });
        out.kvlistValue = { values };
        return true;
      }
      case 7:
        expect(r, wire, WIRE_LEN, 'bytes_value');
        {
          const b = r.bytes();
          out.bytesValue = Buffer.from(r.buf.subarray(b.start, b.end)).toString('base64');
        }
        return true;
    }
    return false;
  });
  return out;
}

function keyValue(r: Reader, budget: Budget, depth = 0): KeyValue {
  budget.value();
  const out: KeyValue = { key: '' };
  r.fields((field, wire) => {
    if (field === 1) {
      expect(r, wire, WIRE_LEN, 'key');
      out.key = r.string();
      return true;
    }
    if (field === 2) {
      expect(r, wire, WIRE_LEN, 'value');
      out.value = anyValue(r.sub(), depth + 1, budget);
      return true;
    }
    return false;
  });
  return out;
}

function attributesOf(r: Reader, wire: number, into: KeyValue[], budget: Budget): void {
  expect(r, wire, WIRE_LEN, 'attribute');
  into.push(keyValue(r.sub(), budget));
}

function span(r: Reader, budget: Budget): OtlpSpan {
  const out: OtlpSpan = { traceId: '', spanId: '', name: '', startTimeUnixNano: '0', endTimeUnixNano: '0', attributes: [] };
  r.fields((field, wire) => {
    switch (field) {
      case 1:
        expect(r, wire, WIRE_LEN, 'trace_id');
        out.traceId = r.hex();
        return true;
      case 2:
        expect(r, wire, WIRE_LEN, 'span_id');
        out.spanId = r.hex();
        return true;
      case 4:
        expect(r, wire, WIRE_LEN, 'parent_span_id');
        out.parentSpanId = r.hex();
        return true;
      case 5:
        expect(r, wire, WIRE_LEN, 'name');
        out.name = r.string();
        return true;
      case 6:
        expect(r, wire, WIRE_VARINT, 'kind');
        out.kind = r.small();
        return true;
      case 7:
        expect(r, wire, WIRE_I64, 'start_time_unix_nano');
        out.startTimeUnixNano = r.fixed64().toString();
        return true;
      case 8:
        expect(r, wire, WIRE_I64, 'end_time_unix_nano');
        out.endTimeUnixNano = r.fixed64().toString();
        return true;
      case 9:
        attributesOf(r, wire, out.attributes!, budget);
        return true;
      case 15: {
        expect(r, wire, WIRE_LEN, 'status');
        const sub = r.sub();
        const status: { code?: number; message?: string } = {};
        sub.fields((f, w) => {
          if (f === 2 && w === WIRE_LEN) {
            status.message = sub.string();
            return true;
          }
          if (f === 3 && w === WIRE_VARINT) {
            status.code = sub.small();
            return true;
          }
          return false;
        });
        out.status = status;
        return true;
      }
    }
    return false;
  });
  return out;
}

function scopeOf(r: Reader): { name?: string; version?: string } {
  const scope: { name?: string; version?: string } = {};
  r.fields((f, w) => {
    if ((f === 1 || f === 2) && w === WIRE_LEN) {
      scope[f === 1 ? 'name' : 'version'] = r.string();
      return true;
    }
    return false;
  });
  return scope;
}

/**
 * The one field of a message that says what its repeated field belongs to (ResourceSpans'
 * resource, ScopeSpans' scope), read before the repeated field is streamed: protobuf allows any
 * field order, and the last occurrence wins.
 */
function* header<T>(r: Reader, field: number, what: string, read: (sub: Reader) => T): Generator<void, T | undefined, void> {
  const pre = new Reader(r.buf, r.pos, r.end);
  let out: T | undefined;
  let n = 0;
  while (pre.pos < pre.end) {
    const tag = pre.small();
    const f = Math.floor(tag / 8);
    const wire = tag & 7;
    if (f === 0) pre.fail('field number 0');
    if (f === field) {
      expect(pre, wire, WIRE_LEN, what);
      out = read(pre.sub());
    } else pre.skip(wire);
    if (++n % (SPANS_PER_STEP * 16) === 0) yield;
  }
  return out;
}

/**
 * Each occurrence of a length-delimited field of this message, in order (others skipped), and
 * undefined now and then among many skipped fields: a pause for the caller to pass on.
 */
function* each(r: Reader, field: number, what: string): Generator<Reader | undefined, void, void> {
  let skipped = 0;
  while (r.pos < r.end) {
    const tag = r.small();
    const f = Math.floor(tag / 8);
    const wire = tag & 7;
    if (f === 0) r.fail('field number 0');
    if (f !== field) {
      r.skip(wire);
      if (++skipped % (SPANS_PER_STEP * 16) === 0) yield undefined;
      continue;
    }
    expect(r, wire, WIRE_LEN, what);
    yield r.sub();
  }
}

function* scopeSpansInto(r: Reader, sink: OtlpSpanSink, budget: Budget, step: { n: number }): Generator<void, void, void> {
  sink.scope(yield* header(r, 1, 'scope', scopeOf));
  for (const sub of each(r, 2, 'span')) {
    if (!sub) {
      yield;
      continue;
    }
    budget.span();
    sink.span(span(sub, budget));
    if (++step.n % SPANS_PER_STEP === 0) yield;
  }
}

function* resourceSpansInto(r: Reader, sink: OtlpSpanSink, budget: Budget, step: { n: number }): Generator<void, void, void> {
  sink.resource(
    yield* header(r, 1, 'resource', (sub) => {
      const attributes: KeyValue[] = [];
      sub.fields((f, w) => {
        if (f !== 1) return false;
        attributesOf(sub, w, attributes, budget);
        return true;
      });
      return { attributes };
    }),
  );
  for (const sub of each(r, 2, 'scope_spans')) {
    if (sub) yield* scopeSpansInto(sub, sink, budget, step);
    else yield;
  }
}

/**
 * Decode an OTLP/protobuf ExportTraceServiceRequest span by span into a sink, yielding every few
 * hundred spans so a caller can let other work run. Throws OtlpDecodeError on malformed bytes and
 * OtlpTooLargeError past the limits (counted as decoded, so nothing past them is built).
 */
export function* decodeOtlpProtobufInto(bytes: Uint8Array, sink: OtlpSpanSink, limits?: DecodeLimits): Generator<void, void, void> {
  const r = new Reader(bytes, 0, bytes.length);
  const budget = new Budget(limits);
  const step = { n: 0 };
  for (const sub of each(r, 1, 'resource_spans')) {
    if (sub) yield* resourceSpansInto(sub, sink, budget, step);
    else yield;
  }
}

/** Decode an OTLP/protobuf ExportTraceServiceRequest. Throws OtlpDecodeError on malformed bytes. */
export function decodeOtlpProtobuf(bytes: Uint8Array, limits?: DecodeLimits): ExportTraceServiceRequest {
  const { sink, request } = requestBuilder();
  runToEnd(decodeOtlpProtobufInto(bytes, sink, limits));
  return request;
}
