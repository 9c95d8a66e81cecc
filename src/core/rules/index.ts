// The explicit, sorted registry of rules. Adding a rule: its file here, a docs page in
// docs/rules/<id>.md, fixtures in test/fixtures/rules/<id>/ (test/unit/rules.test.ts checks all three).
import missingOutputCap from './missing-output-cap';
import modelTierMismatch from './model-tier-mismatch';
import type { Rule } from './rule';
import volatilePrefix from './volatile-prefix';

export const RULES: readonly Rule[] = [missingOutputCap, modelTierMismatch, volatilePrefix];
