// Prompt flow (microsoft/promptflow): a flow's `flow.dag.yaml` lists its nodes; an `llm` node sends
// a Jinja template (`source: {type: code, path: chat.jinja2}`) to the model its inputs name
// (`model: gpt-4o` for OpenAI connections, `deployment_name: gpt-4o` for Azure OpenAI ones) with
// `max_tokens`; a `prompt` node only renders its template for a later node, so that template is
// no request of its own. The flow file sits in the flow's folder; templates are named relative to it.
import { isMap, isScalar, LineCounter, parseDocument, YAMLMap } from 'yaml';

export interface FlowNode {
  /** `llm`: the template is a request; `prompt`: it is rendered for another node, not sent. */
  type: 'llm' | 'prompt';
  name: string;
  /** The flow file, workspace-relative. */
  file: string;
  model?: { id: string; key: string; line: number };
  maxTokens?: { tokens: number; line: number };
  /** The flow's sample values for the template's variables: the node's literal inputs, and the flow inputs' defaults they reference. */
  samples: Record<string, unknown>;
}

const FLOW_FILES = ['flow.dag.yaml', 'flow.dag.yml'];

/** The node of a flow in the template's folder (or a folder above it) that uses this template, if any. */
export function flowNodeOf(path: string, read: (rel: string) => string | undefined): FlowNode | undefined {
  const parts = path.split('/');
  // The template's folder first, then up to two above it (templates kept in a `prompts/` folder).
  for (let up = 1; up <= 3 && up < parts.length + 1; up++) {
    const dir = parts.slice(0, parts.length - up).join('/');
    for (const name of FLOW_FILES) {
      const file = dir ? `${dir}/${name}` : name;
      const text = read(file);
      if (text === undefined) continue;
      const rel = parts.slice(parts.length - up).join('/');
      return nodeUsing(text, file, rel);
    }
  }
  return undefined;
}

function nodeUsing(text: string, file: string, rel: string): FlowNode | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const nodes = root.get('nodes');
  if (!nodes || typeof nodes !== 'object' || !('items' in nodes)) return undefined;
  const lineOf = (n: unknown) => (isScalar(n) && n.range ? lines.linePos(n.range[0]).line : 0);
  const flowDefaults = flowInputDefaults(root);
  for (const item of [...(nodes as { items: unknown[] }).items, ...variantNodes(root)]) {
    if (!isMap(item)) continue;
    // `custom_llm`: an LLM tool given a prompt template (`source: {type: package_with_prompt, path: …}`).
    const kind = item.get('type');
    const type = kind === 'llm' || kind === 'custom_llm' ? 'llm' : kind === 'prompt' ? 'prompt' : undefined;
    if (!type) continue;
    const source = item.get('source');
    const where = isMap(source) ? source.get('path') : undefined;
    if (typeof where !== 'string' || normalise(where) !== rel) continue;
    const inputs = item.get('inputs');
    const node: FlowNode = { type, name: String(item.get('name') ?? rel), file, samples: {} };
    if (isMap(inputs)) {
      for (const key of ['model', 'deployment_name']) {
        const scalar = inputs.get(key, true);
        const v = isScalar(scalar) ? scalar.value : undefined;
        if (typeof v === 'string' && v && !v.startsWith('${')) {
          node.model = { id: v, key, line: lineOf(scalar) };
          break;
        }
      }
      const cap = inputs.get('max_tokens', true);
      const n = isScalar(cap) ? Number(cap.value) : NaN;
      if (Number.isInteger(n) && n > 0) node.maxTokens = { tokens: n, line: lineOf(cap) };
      node.samples = samplesOf(inputs, flowDefaults);
    }
    return node;
  }
  return undefined;
}

/** The nodes of `node_variants.<node>.variants.<id>.node`: each variant's template is sent by its own node. */
function variantNodes(root: YAMLMap): unknown[] {
  const out: unknown[] = [];
  const all = root.get('node_variants');
  if (!isMap(all)) return out;
  for (const pair of all.items) {
    const variants = isMap(pair.value) ? pair.value.get('variants') : undefined;
    if (!isMap(variants)) continue;
    for (const v of variants.items) if (isMap(v.value) && isMap(v.value.get('node'))) out.push(v.value.get('node'));
  }
  return out;
}

const NODE_SETTINGS = new Set(['model', 'deployment_name', 'max_tokens', 'temperature', 'top_p', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'response_format', 'seed', 'tools', 'tool_choice']);

/** A node's inputs as the template sees them: literals, and `${inputs.x}` as the flow input's default. */
function samplesOf(inputs: YAMLMap, flowDefaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of inputs.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (!key || NODE_SETTINGS.has(key)) continue;
    const v = isScalar(pair.value) ? pair.value.value : undefined;
    const ref = typeof v === 'string' ? /^\$\{inputs\.(\w+)\}$/.exec(v) : null;
    if (ref) {
      if (ref[1] in flowDefaults) out[key] = flowDefaults[ref[1]];
    } else if (typeof v === 'string' && !v.startsWith('${')) out[key] = v;
  }
  return out;
}

function flowInputDefaults(root: YAMLMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const inputs = root.get('inputs');
  if (!isMap(inputs)) return out;
  for (const pair of inputs.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key && isMap(pair.value) && pair.value.has('default')) out[key] = pair.value.toJSON().default;
  }
  return out;
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}
