// The SDKs' and frameworks' own defaults, as data: the model a call uses when the code names none,
// the loop bound an agent run has when unset, the output cap, the runs a call makes (Agno's
// rollouts). Each row says where it was read (the SDK's own source) and as of when; where a default
// changed between versions, rows are keyed by a version range and the workspace's lockfiles and
// manifests pick the row (without a version, the newest row applies and the assumption says so).
import { inRange, packageVersion, PackageVersion } from '../../../program/versions';
import type { ValueContext } from '../values';

export type DefaultKey = 'model' | 'maxTurns' | 'outputCap' | 'embeddingModel' | 'imageModel' | 'runs';

export interface SdkDefault {
  /** The SDK or framework (as `DetectedCall.sdk` names it). */
  sdk: string;
  /** The package whose version decides: npm and/or PyPI name. */
  packages: { npm?: string; pypi?: string };
  /** Which language's package the row is for, when the two differ. */
  language?: 'python' | 'js';
  key: DefaultKey;
  /** Versions the row holds for (comparators, `>=0.4.0 <0.5.0`); absent: every version. */
  versions?: string;
  value: string | number;
  /** Where the default is written in the SDK's own source (file and line, or a doc page). */
  source: string;
  /** When the row was checked. */
  asOf: string;
}

/** Rows are added by each framework's file (see frameworks/); kept sorted newest range first per key. */
export const SDK_DEFAULTS: SdkDefault[] = [];

/** Register rows (frameworks/ files do, at load). */
export function addDefaults(rows: readonly SdkDefault[]): void {
  SDK_DEFAULTS.push(...rows);
}

export interface ResolvedDefault {
  value: string | number;
  /** Why this value: `the crewAI default model (crewai 0.95.0 in uv.lock; src/crewai/llm.py:…)`. */
  reason: string;
  version?: PackageVersion;
}

const versionCache = new WeakMap<object, Map<string, PackageVersion | null>>();

/** The version of a package for the file being analysed, cached per program. */
function versionFor(pkg: { npm?: string; pypi?: string }, ctx: ValueContext): PackageVersion | undefined {
  const program = ctx.program;
  if (!program) return undefined;
  let cache = versionCache.get(program);
  if (!cache) versionCache.set(program, (cache = new Map()));
  const dir = ctx.path.includes('/') ? ctx.path.slice(0, ctx.path.lastIndexOf('/')) : '';
  const key = `${pkg.npm ?? ''}|${pkg.pypi ?? ''}|${dir}`;
  if (!cache.has(key)) cache.set(key, packageVersion(pkg, ctx.path, (rel) => program.read(rel)) ?? null);
  return cache.get(key) ?? undefined;
}

/**
 * What the code shows of the version it was written for, when no manifest says: an API the SDK
 * has only in some versions (`task.execute()` is crewAI before 0.41.0).
 */
export interface VersionHint {
  /** The versions that have the API (comparators, like a row's). */
  versions: string;
  /** `the code calls Task.execute(), which crewAI has only before 0.41.0` */
  reason: string;
}

/** The lowest version a range admits (its `>=`/`>` bound, else 0). */
function lowestOf(range: string): string {
  const lo = range.trim().split(/\s+/).find((c) => c.startsWith('>'));
  return lo ? lo.replace(/^>=?/, '') : '0';
}

/** Whether two ranges of `>=`/`<` comparators share a version. */
function overlaps(a: string, b: string): boolean {
  return inRange(lowestOf(a), b) || inRange(lowestOf(b), a);
}

/**
 * The SDK's default for `key` in the version the workspace uses (the newest row when the version
 * is unknown, said in the reason; the newest the code's `hint` admits, when it gives one). `what`
 * names the default in the reason ("default model").
 */
export function sdkDefault(sdk: string, key: DefaultKey, ctx: ValueContext, what: string, language?: 'python' | 'js', hint?: VersionHint): ResolvedDefault | undefined {
  const rows = SDK_DEFAULTS.filter((r) => r.sdk === sdk && r.key === key && (!language || !r.language || r.language === language));
  if (!rows.length) return undefined;
  const version = versionFor(rows[0].packages, ctx);
  // A row whose range meets the hinted versions, else one that covers the versions no range names.
  const hinted = !version && hint ? rows.find((r) => r.versions && overlaps(r.versions, hint.versions)) ?? rows.find((r) => !r.versions) : undefined;
  // A row with a range that holds wins; a row without one covers the versions no range names.
  const row = (version ? rows.find((r) => r.versions && inRange(version.version, r.versions)) ?? rows.find((r) => !r.versions) : hinted) ?? rows[0];
  const pkgName = rows[0].packages.pypi ?? rows[0].packages.npm;
  const basis = version ? `${pkgName} ${version.version} in ${version.source}` : hinted ? `${pkgName} version not found in the workspace; ${hint!.reason}: the newest default of those versions assumed` : `${pkgName} version not found in the workspace: the newest default assumed`;
  return { value: row.value, reason: `the ${what} (${basis}; ${row.source}, as of ${row.asOf})`, version };
}
