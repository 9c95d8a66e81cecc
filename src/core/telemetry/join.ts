// Which call site made an observed call: by code location (the span's file and line, paths made
// relative to the workspace), then by a name the code declared (gen_ai.prompt.name, the Vercel AI
// SDK's functionId, a `costlens: id=…` comment, a prompt file's name), then by model and enclosing
// function. A call that matches nothing is kept and listed with the reason, never dropped.
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { CallSite } from '../model';
import { bareModelId } from '../tokens/registry';
import type { ObservedCall } from './call';

export type JoinedBy = 'location' | 'name' | 'model+function';

export type JoinResult = { key: string; by: JoinedBy } | { key?: undefined; reason: string };

interface SiteInfo {
  site: CallSite;
  /** 1-based lines the call spans. */
  firstLine: number;
  lastLine: number;
  /** The function it is in, bare and qualified (`Agent.run`, `run`). */
  functions: string[];
  /** Names that point at it: a `costlens: id=…`, a prompt file's name, its function names. */
  names: string[];
  model?: string;
}

/** The `id` part of a call-site key (`path#id-or-function#ordinal`, prompt files `path#name`). */
function keyName(site: CallSite): string | undefined {
  const rest = site.key.slice(site.path.length + 1);
  const hash = rest.lastIndexOf('#');
  const name = hash >= 0 && /^\d+$/.test(rest.slice(hash + 1)) ? rest.slice(0, hash) : rest;
  return name && name !== '<module>' ? name : undefined;
}

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

export class CallSiteIndex {
  private readonly byFile = new Map<string, SiteInfo[]>();
  private readonly byName = new Map<string, SiteInfo[]>();
  private readonly files: string[] = [];

  /**
   * `roots`: absolute workspace folders the call sites' paths are relative to (a span's absolute
   * path under one of them is made relative to it).
   */
  constructor(
    analyses: readonly FileAnalysis[],
    private readonly roots: readonly string[] = [],
  ) {
    for (const a of analyses) {
      if (!a.callSites.length) continue;
      const infos: SiteInfo[] = a.callSites.map((site) => {
        const qualified = site.name;
        const functions = qualified ? [qualified, qualified.split('.').pop()!] : [];
        const declared = keyName(site);
        return { site, firstLine: site.line, lastLine: site.kind === 'code' ? (site.endLine ?? site.line) : site.line, functions, names: [...new Set([declared, ...functions].filter((n): n is string => !!n))], model: site.model.id ? bareModelId(site.model.id) : undefined };
      });
      this.byFile.set(norm(a.path), infos);
      this.files.push(norm(a.path));
      for (const info of infos) {
        for (const n of info.names) {
          const list = this.byName.get(n) ?? [];
          list.push(info);
          this.byName.set(n, list);
        }
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const l of this.byFile.values()) n += l.length;
    return n;
  }

  /** The workspace file a span's path is: relative to a root, else the longest matching path suffix. */
  private fileOf(raw: string): string | undefined {
    const p = norm(raw);
    for (const root of this.roots) {
      const r = norm(root).replace(/\/$/, '');
      if (p.startsWith(`${r}/`)) {
        const rel = p.slice(r.length + 1);
        if (this.byFile.has(rel)) return rel;
      }
    }
    if (this.byFile.has(p)) return p;
    // A path from another machine or container (/app/agent.py, C:/src/agent.py): the longest
    // workspace path it ends with, on a path-segment boundary.
    let best: string | undefined;
    for (const f of this.files) if ((p === f || p.endsWith(`/${f}`)) && (!best || f.length > best.length)) best = f;
    return best;
  }

  private byModel(candidates: SiteInfo[], call: ObservedCall): SiteInfo[] {
    const model = call.responseModel ?? call.requestModel;
    if (!model || candidates.length < 2) return candidates;
    const bare = bareModelId(model);
    const same = candidates.filter((c) => c.model && (bare === c.model || bare.startsWith(`${c.model}-`)));
    return same.length ? same : candidates;
  }

  match(call: ObservedCall): JoinResult {
    const loc = call.location;
    let fileReason: string | undefined;
    if (loc.file) {
      const file = this.fileOf(loc.file);
      const sites = file ? this.byFile.get(file)! : undefined;
      if (!sites) fileReason = `its file ${loc.file} has no LLM call in the workspace`;
      else {
        const fn = loc.function?.split(/[.:]/).pop();
        let hits: SiteInfo[] = [];
        if (loc.line !== undefined) hits = sites.filter((s) => s.firstLine <= loc.line! && loc.line! <= s.lastLine);
        if (!hits.length && fn) hits = sites.filter((s) => s.functions.includes(fn));
        // The line of a wrapper or a decorator: the nearest call site above it in the same function.
        if (!hits.length && loc.line !== undefined) {
          const above = sites.filter((s) => s.firstLine <= loc.line!).sort((a, b) => b.firstLine - a.firstLine);
          if (above.length && (!fn || above[0].functions.includes(fn))) hits = [above[0]];
        }
        if (!hits.length && sites.length === 1) hits = sites;
        hits = this.byModel(hits, call);
        if (hits.length) return { key: hits[0].site.key, by: 'location' };
        fileReason = `no call site at ${file}:${loc.line ?? '?'}`;
      }
    }
    for (const name of call.names) {
      const hits = this.byModel(this.byName.get(name) ?? [], call);
      if (hits.length) return { key: hits[0].site.key, by: 'name' };
    }
    const fn = loc.function?.split(/[.:]/).pop();
    const model = call.responseModel ?? call.requestModel;
    if (fn && model) {
      const bare = bareModelId(model);
      const hits = (this.byName.get(fn) ?? []).filter((s) => s.functions.includes(fn) && s.model && (bare === s.model || bare.startsWith(`${s.model}-`)));
      if (hits.length) return { key: hits[0].site.key, by: 'model+function' };
    }
    if (fileReason) return { reason: fileReason };
    if (call.names.length) return { reason: `no call site named ${call.names.map((n) => `"${n}"`).join(' or ')}` };
    return { reason: loc.function ? `no ${model ?? 'model'} call in a function ${loc.function}` : 'the span has no code location, declared name or function to match' };
  }
}
