// Properties of the prompt-file parsers (Prompty, Dotprompt, .prompt.md, Jinja, plain) on
// generated files, intact and broken: never an exception, spans inside the text, the same answer
// twice, findings that say what is wrong.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePromptFile } from '../../../src/core/extract/promptFiles/index';
import { assertSpansInside, mutated, params, timeoutOf } from './harness';
import { promptFile } from './grammars';

describe('properties: prompt-file parsers', function () {
  this.timeout(timeoutOf(60_000));

  it('parsePromptFile: never throws, spans inside the text, deterministic, findings with messages', () => {
    fc.assert(
      fc.property(promptFile.chain((f) => mutated(fc.constant(f.text)).map((m) => ({ path: f.path, ...m }))), ({ path, text }) => {
        const r = parsePromptFile(path, text);
        assert.ok(r, 'a prompt file path gives a result');
        assert.equal(r.callSite.path, path);
        assert.equal(r.callSite.kind, 'prompt-file');
        assertSpansInside(r, text, path);
        for (const f of r.findings) assert.ok(f.message.trim().length > 0, 'a finding says what is wrong');
        for (const e of r.errors) assert.ok(e.message.trim().length > 0, 'an error says what is wrong');
        const m = r.callSite.multiplier;
        assert.ok(m.min >= 0 && m.min <= m.expected && m.expected <= m.max, `multiplier ${JSON.stringify(m)}`);
        assert.deepEqual(parsePromptFile(path, text), r, 'the same text gives the same result');
      }),
      params(400),
    );
  });
});
