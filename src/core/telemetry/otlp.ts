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
