// The explicit, sorted registry of rules. Adding a rule: its file here, a docs page in
// docs/rules/<id>.md, fixtures in test/fixtures/rules/<id>/ (test/unit/rules.test.ts checks all three).
import batchEligible from './batch-eligible';
import budgetExceeded from './budget-exceeded';
import cacheBreakpointMissing from './cache-breakpoint-missing';
import contextWindowOverflow from './context-window-overflow';
import historyGrowth from './history-growth';
import missingOutputCap from './missing-output-cap';
import modelTierMismatch from './model-tier-mismatch';
import ragChunkBloat from './rag-chunk-bloat';
import repeatableResponse from './repeatable-response';
import type { Rule } from './rule';
import supersededModel from './superseded-model';
import toolFees from './tool-fees';
import unboundedAgentLoop from './unbounded-agent-loop';
import volatilePrefix from './volatile-prefix';

export const RULES: readonly Rule[] = [batchEligible, budgetExceeded, cacheBreakpointMissing, contextWindowOverflow, historyGrowth, missingOutputCap, modelTierMismatch, ragChunkBloat, repeatableResponse, supersededModel, toolFees, unboundedAgentLoop, volatilePrefix];
