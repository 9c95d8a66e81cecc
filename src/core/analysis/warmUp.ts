// Readying what the first analysis of a file needs before a file asks (the editor, after
// activation): the tree-sitter runtime and grammars, the tokenizer's wasm encoder (compiling it
// and building its ranks is most of a cold first analysis: ~0.3-0.8 s), and the extraction and
// pricing code itself, run once on two small files. Measured on agent.py of the examples: 1.7 s
// cold, 0.26 s after this. Each step gives way to real work first (`giveWay`), so a document
// opened meanwhile is analysed before the next step. Nothing is done while the tokenizer thread
// builds its encoder: readying the extraction and the price catalogue then (~0.3 s of CPU on a
// loaded machine) held up a document shown meanwhile, which waits for the build anyway.
import type { ConfigValues } from '../../config/load';
import { tokenizerReady } from '../tokens/count';
import { loadParsers } from '../extract/code/parser';
import { analyzeFile } from './analyzeFile';

const PYTHON = `from anthropic import Anthropic
from openai import OpenAI

client = OpenAI()
claude = Anthropic()
SYSTEM = "You answer questions about orders."

def answer(question: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}])
    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, system=SYSTEM, messages=[{"role": "user", "content": reply.choices[0].message.content}]).content[0].text
`;

const TYPESCRIPT = `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string): Promise<string> {
  const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: \`Summarize: \${text}\` }] });
  return r.choices[0].message.content ?? '';
}
`;

/** Steps done, for tests: which parts are ready. */
export type WarmStep = 'parsers' | 'tokenizer' | 'python' | 'typescript';

export async function warmUp(config: ConfigValues, giveWay: () => Promise<void> = () => Promise.resolve(), stopped: () => boolean = () => false, onStep?: (step: WarmStep) => void): Promise<WarmStep[]> {
  const done: WarmStep[] = [];
  const steps: [WarmStep, () => unknown][] = [
    ['parsers', () => loadParsers()],
    // On a tokenizer thread (the editor) this waits for its build without holding up this thread.
    ['tokenizer', () => tokenizerReady('o200k_base')],
    ['python', () => analyzeFile('costlens-warm-up.py', PYTHON, { config })],
    ['typescript', () => analyzeFile('costlens-warm-up.ts', TYPESCRIPT, { config })],
  ];
  for (const [name, step] of steps) {
    await giveWay();
    if (stopped()) break;
    await step();
    done.push(name);
    onStep?.(name);
  }
  return done;
}
