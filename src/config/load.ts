// Reading settings and `.costlens.json`: every value is validated against SETTINGS; a bad value is
// reported with the key and the problem, and everything else still applies.
import type { z } from 'zod';
import type { AnalysisError } from '../core/model';
import { SettingKey, SETTINGS, SettingSpec } from './schema';

export type ConfigValues = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> } & {
  /** Not a setting: calibration factors the editor derived from telemetry (see calibrate.ts). */
  'tokenizers.observedCalibration'?: Record<string, { factor: number; calls: number }>;
  /** What telemetry saw per call site (set by the editor and the scan from observations, not a user setting). */
  'telemetry.observedSites'?: Record<string, { calls: number; callsPerRun?: number; runs?: number; reasoning?: number }>;
  /** Not a setting: the workspace folder's name, for scopes (set by the scan and the editor, see scopes.ts). */
  'workspace.folderName'?: string;
};

export interface ResolvedConfig {
  values: ConfigValues;
  /** Where each value that is not the default came from. */
  origins: Partial<Record<SettingKey, string>>;
  errors: AnalysisError[];
}

export function defaultConfig(): ConfigValues {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(SETTINGS) as [SettingKey, SettingSpec][]) out[k] = structuredClone(spec.default);
  return out as ConfigValues;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return where + issue.message;
}

/** Validate one setting's value; map and list entries are checked one by one. */
function validate(key: SettingKey, value: unknown, origin: string, errors: AnalysisError[]): { ok: boolean; value?: unknown } {
  const spec = SETTINGS[key] as SettingSpec;
  const whole = spec.schema.safeParse(value);
  if (whole.success) return { ok: true, value: whole.data };
  const err = (message: string) => errors.push({ path: origin, kind: 'settings', message });
  if (spec.entry && Array.isArray(value) && Array.isArray(spec.default)) {
    const kept: unknown[] = [];
    value.forEach((item, i) => {
      const r = spec.entry!.safeParse(item);
      if (r.success) kept.push(r.data);
      else err(`${key}[${i}] is invalid and was ignored: ${r.error.issues.map(describeIssue).join('; ')}`);
    });
    return { ok: true, value: kept };
  }
  // Maps (not lists: an object where a list belongs is invalid as a whole) are checked entry by entry.
  if (spec.entry && !Array.isArray(spec.default) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const probe = spec.schema.safeParse({ [k]: v });
      if (probe.success) Object.assign(kept, probe.data as object);
      else err(`${key}.${k} is invalid and was ignored: ${probe.error.issues.map((i) => describeIssue({ ...i, path: i.path.slice(1) })).join('; ')}`);
    }
    return { ok: true, value: kept };
  }
  err(`${key} is invalid and was ignored (the default applies): ${whole.error.issues.map(describeIssue).join('; ')}`);
  return { ok: false };
}

export interface ConfigSource {
  /** Shown in errors: `.costlens.json`, `settings`, a file path. */
  origin: string;
  /** Values by setting key (`traffic.tasksPerDay`). */
  values: Partial<Record<string, unknown>>;
}

/** Later sources win. Unknown keys and invalid values are reported; the rest applies. */
export function resolveConfig(sources: ConfigSource[]): ResolvedConfig {
  const values = defaultConfig() as Record<string, unknown>;
  const origins: Partial<Record<SettingKey, string>> = {};
  const errors: AnalysisError[] = [];
  for (const source of sources) {
    for (const [key, raw] of Object.entries(source.values)) {
      if (raw === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(SETTINGS, key)) {
        errors.push({ path: source.origin, kind: 'settings', message: `unknown setting "${key}" was ignored` });
        continue;
      }
      const r = validate(key as SettingKey, raw, source.origin, errors);
      if (!r.ok) continue;
      const spec = SETTINGS[key as SettingKey] as SettingSpec;
      // Maps merge over the defaults and earlier sources; everything else replaces.
      if (spec.entry && !Array.isArray(spec.default)) values[key] = { ...(values[key] as object), ...(r.value as object) };
      else values[key] = r.value;
      origins[key as SettingKey] = source.origin;
    }
  }
  return { values: values as ConfigValues, origins, errors };
}

/**
 * Parse the text of a `.costlens.json`: nested objects whose leaves are setting keys
 * (`{"traffic": {"tasksPerDay": 5000}}`); dotted keys (`{"traffic.tasksPerDay": 5000}`) work too.
 */
export function parseWorkspaceConfig(text: string, origin = '.costlens.json'): { source: ConfigSource; errors: AnalysisError[] } {
  const errors: AnalysisError[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    errors.push({ path: origin, line, kind: 'settings', message: `not valid JSON: ${message}; its settings were ignored` });
    return { source: { origin, values: {} }, errors };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.push({ path: origin, kind: 'settings', message: 'must be a JSON object; its settings were ignored' });
    return { source: { origin, values: {} }, errors };
  }
  const values: Record<string, unknown> = {};
  // An own property even for `__proto__` (JSON.parse makes it one): assigned, it would replace the
  // object's prototype and the key would vanish instead of being reported as unknown.
  const set = (key: string, v: unknown) => Object.defineProperty(values, key, { value: v, enumerable: true, writable: true, configurable: true });
  const keys = Object.keys(SETTINGS);
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (k === '$schema') continue;
      const key = prefix ? `${prefix}.${k}` : k;
      // `"traffic": {"app/api/chat/route.ts#POST": 5000}`: a task's own traffic (traffic.tasks).
      if (prefix === 'traffic' && !keys.includes(key) && (k.includes('/') || k.includes('#') || k.includes('.'))) {
        const tasks = (values['traffic.tasks'] ?? {}) as Record<string, unknown>;
        Object.defineProperty(tasks, k, { value: v, enumerable: true, writable: true, configurable: true });
        set('traffic.tasks', tasks);
        continue;
      }
      if (keys.includes(key)) set(key, v);
      else if (typeof v === 'object' && v !== null && !Array.isArray(v) && keys.some((s) => s.startsWith(key + '.'))) walk(v as Record<string, unknown>, key);
      else set(key, v); // reported as unknown by resolveConfig
    }
  };
  walk(raw as Record<string, unknown>, '');
  return { source: { origin, values }, errors };
}

/** `.costlens.json` may carry // and /* *\/ comments (as VS Code's JSON files do). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const skipped = text.slice(i, end < 0 ? text.length : end + 2);
      out += skipped.replace(/[^\n]/g, ' ');
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out;
}

