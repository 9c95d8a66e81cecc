// Calls from a Langfuse export, for users without a live OTLP pipe: the observations table's batch
// export (CSV, JSON array or JSON lines; one row per observation, the keys of langfuse/langfuse
// packages/shared/src/server/repositories/observations_converters.ts `convertObservation` plus
// traceName, userId, prices and scores — worker/src/features/database-read-stream/
// observation-stream.ts; CSV headers are those keys, nested values written as JSON), the public API
// (`GET /api/public/observations` → `{ data: [...], meta }`), and the older generations export
// (v2: promptTokens, completionTokens, totalTokens, inputCost, outputCost, totalCost; no `type`).
//
// Only GENERATION observations are calls. Usage details are Langfuse's disjoint buckets (`input`
// is the uncached part, `input_cached_tokens`, `input_cache_creation…` beside it), read by
// usageFromDetails so that input includes the cache, as everywhere else.
import type { ObservedCall, ObservedUsage } from './call';
import {
  codeLocation,
  costFromDetails,
  declaredNames,
  finishUsage,
  jsonObject,
  meaningfulCost,
  normalizeProvider,
  orderNames,
  Problems,
  toCount,
  toText,
  toUsd,
  usageFromDetails,
} from './normalize';

type Row = Record<string, unknown>;

/** RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180), CRLF or LF, quotes doubled; an unclosed quote runs to the end. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function isObj(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rows of an export, whichever form it has. */
function rowsOf(text: string, problems: Problems): Row[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) return [];
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.filter(isObj);
      if (isObj(parsed)) {
        if (Array.isArray(parsed.data)) return parsed.data.filter(isObj);
        return [parsed];
      }
      problems.add('the file is JSON but neither a list of observations nor { data: [...] }');
      return [];
    } catch {
      // Not one JSON value: JSON lines, one observation a line.
      const rows: Row[] = [];
      const lines = t.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (!line) continue;
        try {
          const v: unknown = JSON.parse(line);
          if (isObj(v)) rows.push(v);
          else problems.add(`line ${i + 1}: not an observation object`);
        } catch {
          problems.add(`line ${i + 1}: not JSON`);
        }
      }
      return rows;
    }
  }
  const table = parseCsv(t);
  const header = table[0]?.map((h) => h.trim()) ?? [];
  if (!header.some((h) => h.toLowerCase() === 'id')) {
    problems.add('not a Langfuse export: neither JSON nor CSV with an id column');
    return [];
  }
  return table.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** A field by any of its names, matched without regard to case or separators (`traceId`, `trace_id`). */
function pick(row: Row, ...names: string[]): unknown {
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  for (const n of names) if (present(row[n])) return row[n];
  const wanted = new Set(names.map((n) => n.toLowerCase().replace(/[^a-z0-9]/g, '')));
  for (const [k, v] of Object.entries(row)) if (present(v) && wanted.has(k.toLowerCase().replace(/[^a-z0-9]/g, ''))) return v;
  return undefined;
}

/** Unix ms from an ISO date, a ClickHouse `YYYY-MM-DD hh:mm:ss.sss` (UTC), or a number of ms. */
function timeMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const s = v.trim();
  if (/^\d{10,16}$/.test(s)) return Number(s);
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(s) && !/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Usage, or undefined when the row has none: Langfuse writes zeros (inputUsage 0, `{}` details) for "no usage". */
function usageOf(row: Row, bad: (key: string) => void): ObservedUsage | undefined {
  const u = readUsage(row, bad);
  return u && u.input + u.output + u.cacheRead + u.cacheWrite > 0 ? u : undefined;
}

function readUsage(row: Row, bad: (key: string) => void): ObservedUsage | undefined {
  const details = jsonObject(pick(row, 'usageDetails', 'usage_details'));
  if (details && Object.keys(details).length) return usageFromDetails(details, bad);
  const count = (...names: string[]) => {
    const c = toCount(pick(row, ...names));
    if (c === 'bad') bad(names[0]);
    return typeof c === 'number' ? c : undefined;
  };
  // Export rows: inputUsage is already the sum of every input bucket, cache included.
  const input = count('inputUsage', 'promptTokens', 'inputTokens');
  const output = count('outputUsage', 'completionTokens', 'outputTokens');
  const total = count('totalUsage', 'totalTokens');
  if (input !== undefined || output !== undefined || total !== undefined) return finishUsage({ input, output, total }, 'inclusive');
  // The API's deprecated `usage` object.
  const usage = jsonObject(pick(row, 'usage'));
  if (usage) {
    const u = (k: string) => {
      const c = toCount(usage[k]);
      return typeof c === 'number' ? c : undefined;
    };
    return finishUsage({ input: u('input') ?? u('promptTokens'), output: u('output') ?? u('completionTokens'), total: u('total') ?? u('totalTokens') }, 'inclusive');
  }
  return undefined;
}

function costOf(row: Row): number | undefined {
  const details = jsonObject(pick(row, 'costDetails', 'cost_details'));
  const fromDetails = details && Object.keys(details).length ? costFromDetails(details) : undefined;
  if (fromDetails !== undefined) return fromDetails;
  const total = toUsd(pick(row, 'totalCost', 'calculatedTotalCost', 'total_cost'));
  if (total !== undefined) return total;
  const input = toUsd(pick(row, 'inputCost', 'calculatedInputCost'));
  const output = toUsd(pick(row, 'outputCost', 'calculatedOutputCost'));
  if (input !== undefined || output !== undefined) return (input ?? 0) + (output ?? 0);
  const usage = jsonObject(pick(row, 'usage'));
  return usage ? toUsd(usage.totalCost) : undefined;
}

/**
 * Span attributes Langfuse kept in the metadata of an observation that came in over OTLP
 * (`metadata.attributes`), else the metadata itself: where code location and declared names are.
 */
function attributesIn(metadata: Record<string, unknown> | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!metadata) return out;
  const nested = jsonObject(metadata.attributes);
  for (const source of [nested, metadata]) {
    if (!source) continue;
    for (const [k, v] of Object.entries(source).slice(0, 512)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

/** Calls (GENERATION observations) from a Langfuse export. Never throws. */
export function observedCallsFromLangfuseExport(text: string): { calls: ObservedCall[]; problems: string[] } {
  const problems = new Problems();
  const calls: ObservedCall[] = [];
  if (typeof text !== 'string') return { calls, problems: ['the export is not text'] };
  let rows: Row[] = [];
  try {
    rows = rowsOf(text, problems);
  } catch (e) {
    problems.add(`the export could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  rows.forEach((row, index) => {
    try {
      const call = callOf(row, index, problems);
      if (call) calls.push(call);
    } catch (e) {
      problems.add(`row ${index + 1}: ${e instanceof Error ? e.message : 'could not be read'}`);
    }
  });
  return { calls, problems: problems.done() };
}

function callOf(row: Row, index: number, problems: Problems): ObservedCall | undefined {
  const type = toText(pick(row, 'type'))?.toUpperCase();
  const model = toText(pick(row, 'model', 'providedModelName', 'provided_model_name'));
  // The v2 generations export has no type column: every row there is a generation.
  if (type ? type !== 'GENERATION' : !model && pick(row, 'usageDetails', 'promptTokens', 'inputUsage', 'usage') === undefined) return undefined;
  const where = `row ${index + 1}`;
  const id = toText(pick(row, 'id'));
  if (!id) {
    problems.add(`${where}: a generation without an id`);
    return undefined;
  }
  const startMs = timeMs(pick(row, 'startTime', 'start_time', 'timestamp'));
  if (startMs === undefined) {
    problems.add(`${where} (${id.slice(0, 40)}): no valid start time`);
    return undefined;
  }
  const endMs = timeMs(pick(row, 'endTime', 'end_time'));
  const badKeys: string[] = [];
  const usage = usageOf(row, (k) => badKeys.push(k));
  // Not stored with a count of 0 or a part left out: the row is left out, with the reason.
  if (badKeys.length) {
    problems.add(`${where} (${id.slice(0, 40)}): not imported: not a token count: ${[...new Set(badKeys)].slice(0, 4).join(', ')}`);
    return undefined;
  }

  const metadata = jsonObject(pick(row, 'metadata'));
  const attrs = attributesIn(metadata);
  const declared = declaredNames(attrs);
  const provider = normalizeProvider(attrs.get('gen_ai.provider.name') ?? attrs.get('gen_ai.system') ?? attrs.get('llm.provider') ?? attrs.get('ls_provider') ?? attrs.get('provider'));

  const call: ObservedCall = {
    traceId: toText(pick(row, 'traceId', 'trace_id')) ?? '',
    spanId: id,
    startMs,
    durationMs: endMs !== undefined && endMs > startMs ? endMs - startMs : 0,
    location: codeLocation(attrs),
    names: orderNames([{ ...declared, prompt: toText(pick(row, 'promptName', 'prompt_name')) ?? declared.prompt, observation: toText(pick(row, 'name')) }]),
    source: 'langfuse-export',
  };
  if (provider) call.provider = provider;
  if (model) call.requestModel = model;
  if (usage) call.usage = usage;
  const cost = meaningfulCost(costOf(row));
  if (cost !== undefined) call.costUsd = cost;
  if (toText(pick(row, 'level'))?.toUpperCase() === 'ERROR') call.error = true;
  return call;
}
