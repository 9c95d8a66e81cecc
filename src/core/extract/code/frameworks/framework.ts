// A framework's call-site detector: what runs a model through it (an agent run, a crew kickoff, a
// module call), with the model, prompt, output cap and loop bound read from the code, and the
// objects it makes (agents, models, crews) so a receiver can be recognised. One file per family in
// this folder, listed in index.ts.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Args, Chain } from '../ast';
import type { DetectedCall } from '../callKit';
import type { PromptBuild, PromptContext } from '../prompts';
import type { Receiver } from '../receivers';
import type { ImportBinding } from '../scope';

/** What a detector sees of a call. */
export interface CallInfo {
  call: Node;
  callee: Node;
  chain: Chain;
  /** Member names, segments like `with_raw_response` left out. */
  members: string[];
  /** The name the call ends in (`kickoff`, `run_sync`, `generateText`). */
  method: string;
  /** The object the method is called on, classified (computed on first use). */
  receiver(): Receiver;
  /** The import a plain name at the call stands for (through the workspace's import proxies). */
  importOf(name: string): ImportBinding | undefined;
  /** The prompt being built for this call. */
  build: PromptBuild;
}

/** Objects a framework makes, recognised by constructor name and the module it is imported from. */
export interface ObjectSpec {
  /** `agent`, `crew`, `model`, `test-double`, `embedding-model`… (the detector's own vocabulary). */
  kind: string;
  /** Constructor or factory names (`CodeAgent`, `Agent.create`'s `create` is written `Agent.create`). */
  names: readonly string[];
  /** Module prefixes the name must be imported from (`crewai`, `@mastra/`); '' accepts a local name too. */
  modules: readonly string[];
}

export interface Framework {
  /** The family, as the corpus labels name it (`crewai`, `smolagents`, `pydantic-ai`…). */
  id: string;
  /** Names a call of this framework can end in; every other call is passed over unexamined. */
  callNames: readonly string[];
  /**
   * Objects of this framework are called as functions under any name (a DSPy module `qa(question=q)`,
   * a smolagents model `model(messages)`): in a file whose text passes this test, every call is
   * offered to `detect`, which must reject what it does not recognise cheaply.
   */
  anyName?(text: string): boolean;
  objects?: readonly ObjectSpec[];
  detect(info: CallInfo, ctx: PromptContext): DetectedCall | undefined;
}

/** A framework object found as a receiver or an argument. */
export type FrameworkObject = Extract<Receiver, { type: 'framework' }>;

/** The object's arguments (for detectors that read a constructor's options). */
export type ObjectArgs = Args;
