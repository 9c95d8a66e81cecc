// The cost lens as a person sees it: CostLens installed from its .vsix in the VS Code web
// workbench, agent.py opened from the Explorer, the lens text on screen; test-artifacts/lens.png.
//
//   node --test test/browser/        (all browser tests)   node test/browser/lens.test.mjs   (this one)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withWorkbench } from './workbench.mjs';

test('the lens above the call in support-agent/agent.py shows its cost', { timeout: 180_000 }, () =>
  withWorkbench('lens', async (wb) => {
    await wb.openFile('support-agent/agent.py');
    const text = await wb.waitForCodeLens('/call');
    assert.match(text, /^(≈ )?[\d.]+k? in · [\d.]+k? out · \$[\d.]+\/call · claude-sonnet-4-5$/);
    await wb.screenshot('lens');
  }));
