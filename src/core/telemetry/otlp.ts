// OTLP trace data (opentelemetry-proto, trace/v1 and common/v1), in the shape its JSON encoding
// has, which both decoders produce: OTLP/JSON (decodeOtlpJson) and OTLP/protobuf
// (decodeOtlpProtobuf, protobuf.ts). Ids are lower-case hex; 64-bit integers stay strings (as in
// OTLP/JSON) until a reader turns them into numbers.

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a decimal string (OTLP/JSON), or a number from JSON writers that do not quote it. */
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  /** bytes: base64 in OTLP/JSON. */
  bytesValue?: string;
}

export interface KeyValue {
  key: string;
  value?: AnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  /** Unix nanoseconds, as a decimal string. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
}

export interface ScopeSpans {
  scope?: { name?: string; version?: string };
  spans?: OtlpSpan[];
}

export interface ResourceSpans {
  resource?: { attributes?: KeyValue[] };
  scopeSpans?: ScopeSpans[];
}

export interface ExportTraceServiceRequest {
  resourceSpans?: ResourceSpans[];
}

/**
 * The most a decoder builds from one request: spans, and attribute values (key-values and the
 * values nested in lists and maps; for OTLP/JSON, objects and arrays of any kind). Memory then
 * follows the limits, not the count of tiny items a body of a given size can pack.
 */
export interface DecodeLimits {
  maxSpans: number;
  maxValues: number;
}

/** A request over DecodeLimits: refused whole (HTTP 413), never half stored. */
export class OtlpTooLargeError extends Error {
  constructor(
    readonly what: 'spans' | 'values',
    readonly limit: number,
  ) {
    super(`the request holds more than ${limit.toLocaleString('en-US')} ${what === 'spans' ? 'spans' : 'attribute values'}, the most one request may carry`);
    this.name = 'OtlpTooLargeError';
  }
}

/** What a streaming decoder hands over, in order: a resource, a scope within it, that scope's spans. */
export interface OtlpSpanSink {
  resource(resource: { attributes?: KeyValue[] } | undefined): void;
  scope(scope: { name?: string; version?: string } | undefined): void;
  /** A span as decoded (OtlpSpan when the decoder checked it, anything from a JSON body otherwise). */
  span(span: unknown): void;
}

/** A sink that builds the whole request (for callers that want it as one value). */
export function requestBuilder(): { sink: OtlpSpanSink; request: ExportTraceServiceRequest } {
  const request: ExportTraceServiceRequest = { resourceSpans: [] };
  let rs: ResourceSpans | undefined;
  let ss: ScopeSpans | undefined;
  return {
    request,
    sink: {
      resource: (resource) => {
        rs = { ...(resource ? { resource } : {}), scopeSpans: [] };
        ss = undefined;
        request.resourceSpans!.push(rs);
      },
      scope: (scope) => {
        ss = { ...(scope ? { scope } : {}), spans: [] };
        rs!.scopeSpans!.push(ss);
      },
      span: (span) => ss!.spans!.push(span as OtlpSpan),
    },
  };
}

/** Run a stepwise decoder (a generator that yields between steps) to its end, here and now. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** A plain JavaScript value for an attribute (arrays and maps nested; int64 as number when exact, else string). */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | null;

export function attributeValue(v: AnyValue | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = typeof v.intValue === 'number' ? v.intValue : Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(attributeValue);
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, attributeValue(kv.value)]));
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

/** A span's (or resource's) attributes as a map; the first of a repeated key wins. */
export function attributeMap(kvs: KeyValue[] | undefined): Map<string, AttributeValue> {
  const out = new Map<string, AttributeValue>();
  for (const kv of kvs ?? []) if (kv && typeof kv.key === 'string' && !out.has(kv.key)) out.set(kv.key, attributeValue(kv.value));
  return out;
}
