// Deterministic synthetic agent code for the scan and re-analysis benchmarks.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PY_MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gpt-4.1', 'claude-haiku-4-5'];

function pyFile(r, i, functions, llmShare = 0.5) {
  const out = ['import os', 'from openai import OpenAI', 'import anthropic', '', 'client = OpenAI()', 'claude = anthropic.Anthropic()', `MODEL = os.getenv("MODEL_${i}", "${PY_MODELS[i % PY_MODELS.length]}")`, ''];
  for (let f = 0; f < functions; f++) {
    const kind = r() < llmShare ? Math.floor(r() * 2) : 2 + Math.floor(r() * 2);
    out.push(`def handler_${i}_${f}(question, items):`, `    """Handle request type ${f} of module ${i}."""`, `    context = "\\n".join(str(x) for x in items)`);
    if (kind === 0) out.push(`    return client.chat.completions.create(model=MODEL, messages=[{"role": "system", "content": f"Context: {context}"}, {"role": "user", "content": question}], max_tokens=${64 * (f + 1)})`);
    else if (kind === 1) out.push('    messages = [{"role": "user", "content": question}]', '    for step in range(5):', '        r = claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages)', '        messages.append({"role": "assistant", "content": r.content})', '    return messages');
    else if (kind === 2) out.push('    total = 0', '    for item in items:', '        total += len(str(item))', '    return total');
    else out.push(`    value = ${Math.floor(r() * 1000)}`, '    if value > 500:', '        return value * 2', '    return value');
    out.push('');
  }
  return out.join('\n');
}

function tsFile(r, i, functions) {
  const out = ["import OpenAI from 'openai';", "import { generateText } from 'ai';", "import { openai } from '@ai-sdk/openai';", '', 'const client = new OpenAI();', `const MODEL = process.env.MODEL_${i} ?? 'gpt-4o-mini';`, ''];
  for (let f = 0; f < functions; f++) {
    const kind = Math.floor(r() * 3);
    out.push(`export async function handler${f}(question: string, items: string[]) {`);
    if (kind === 0) out.push(`  return client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: \`Q\${question}\` }], max_tokens: ${32 * (f + 1)} });`);
    else if (kind === 1) out.push("  const { text } = await generateText({ model: openai('gpt-4.1-mini'), prompt: question, maxOutputTokens: 200 });", '  return text;');
    else out.push('  return items.map((x) => x.trim()).filter(Boolean).length;');
    out.push('}', '');
  }
  return out.join('\n');
}

function plainPy(r, i, functions) {
  const out = ['import re', 'from dataclasses import dataclass', '', '@dataclass', `class Record${i}:`, '    name: str', '    count: int = 0', ''];
  for (let f = 0; f < functions; f++) {
    out.push(`def transform_${i}_${f}(rows):`, '    out = []', '    for row in rows:', `        if row.get("kind") == "t${f}":`, '            out.append(re.sub(r"\\s+", " ", row["text"]).strip())', '    return ",".join(out)', '');
  }
  return out.join('\n');
}

function plainTs(r, i, functions) {
  const out = [`export interface Item${i} { id: string; total: number }`, ''];
  for (let f = 0; f < functions; f++) out.push(`export function sum${f}(items: Item${i}[]): number {`, '  return items.filter((x) => x.total > 0).reduce((a, x) => a + x.total, 0);', '}', '');
  return out.join('\n');
}

/**
 * A folder of `count` mixed Python/TypeScript files (written once, reused). `llmShare`: the share
 * of files that call a model (1 = every file; a typical application has far fewer).
 */
export function corpus(count = 5000, llmShare = 1) {
  const dir = join('.bench', `corpus-${count}${llmShare === 1 ? '' : `-llm${Math.round(llmShare * 100)}`}`);
  if (existsSync(join(dir, 'done'))) return dir;
  const r = rng(42);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `pkg${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    const functions = 3 + Math.floor(r() * 12);
    const llm = r() < llmShare;
    if (i % 2 === 0) writeFileSync(join(sub, `mod${i}.py`), llm ? pyFile(r, i, functions) : plainPy(r, i, functions));
    else writeFileSync(join(sub, `mod${i}.ts`), llm ? tsFile(r, i, functions) : plainTs(r, i, functions));
  }
  writeFileSync(join(dir, 'done'), '');
  return dir;
}

/** One agent module of about `lines` lines where about one function in `every` calls a model. */
export function bigAgentFile(lines = 2000, every = 12) {
  const r = rng(7);
  let text = pyFile(r, 1, 1, 1);
  let f = 1;
  while (text.split('\n').length < lines) text += '\n' + pyFile(r, f++, 10, 1 / every).split('\n').slice(8).join('\n');
  return text;
}

/**
 * Python calling a model `n` times, one call a line (or joined by `sep`: `'; '` puts them on one
 * line), with no output cap, so each call also has a finding. 40,000 of them make a file of about
 * 2 MB, the largest a scan reads.
 */
export function callsFile(n, sep = '\n') {
  return `from openai import OpenAI\nc = OpenAI()\n${Array.from({ length: n }, (_, i) => `c.responses.create(model="gpt-4o", input="q${i}")`).join(sep)}\n`;
}

/** A folder of `files` files of `perFile` calls each (written once, reused). */
export function callsWorkspace(files, perFile, base = '.bench') {
  const dir = join(base, `calls-${files}x${perFile}`);
  if (existsSync(join(dir, 'done'))) return dir;
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) writeFileSync(join(dir, `calls${f}.py`), callsFile(perFile));
  writeFileSync(join(dir, 'done'), '');
  return dir;
}
