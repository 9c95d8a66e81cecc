import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { formatOf, isPromptFile, normalizeModelName, parsePromptFile } from '../../src/core/extract/promptFiles';
import { classifyPlaceholder } from '../../src/core/extract/promptFiles/template';
import type { PromptPart } from '../../src/core/model';

const dir = path.join(__dirname, '../../../test/fixtures/prompts');
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');

function parse(f: string) {
  const r = parsePromptFile(f, read(f));
  assert.ok(r, f);
  return r;
}

const summary = (parts: PromptPart[]) =>
  parts.filter((p) => p.dynamic || p.text.trim()).map((p) => (p.dynamic ? `${p.message}:${p.role}:{${p.dynamic.kind}:${p.dynamic.name}}` : `${p.message}:${p.role}:${p.text.trim()}`));

function allFiles(d: string, rel = ''): string[] {
  return readdirSync(d).flatMap((e) => (statSync(path.join(d, e)).isDirectory() ? allFiles(path.join(d, e), `${rel}${e}/`) : [`${rel}${e}`]));
}

describe('prompt files', () => {
  it('recognises prompt files by extension and plain prompts by a documented rule', () => {
    assert.equal(formatOf('a/b.prompty'), 'prompty');
    assert.equal(formatOf('prompts/summarize.prompt'), 'dotprompt');
    assert.equal(formatOf('.github/prompts/review.prompt.md'), 'prompt.md');
    assert.equal(formatOf('x.j2'), 'jinja');
    assert.equal(formatOf('x.jinja2'), 'jinja');
    assert.equal(formatOf('agent/prompts/escalation.txt'), 'text');
    assert.equal(formatOf('system_prompt.md'), 'text');
    assert.equal(formatOf('triage_prompt.txt'), 'text');
    assert.equal(formatOf('prompts/README.md'), undefined);
    assert.equal(formatOf('docs/guide.md'), undefined);
    assert.equal(formatOf('notes.txt'), undefined);
    assert.equal(isPromptFile('agent.py'), false);
  });

  it('a Jinja template of another format (Ansible, cookiecutter, web pages) is not a prompt', () => {
    // Named for what they render (promptflow's own repository: scripts/…/step_azure_login.yml.jinja2, setup.py.j2).
    for (const f of ['roles/web/templates/nginx.conf.j2', 'ci/step_azure_login.yml.jinja2', 'templates/setup.py.j2', 'MANIFEST.in.j2', 'site/index.html.jinja2', 'db/report.sql.j2']) assert.equal(formatOf(f), undefined, f);
    // A text inner extension is still a prompt, and so is a template with none.
    for (const f of ['prompts/system.md.j2', 'summary.txt.jinja', 'flows/chat/chat.jinja2', 'grade.prompt.jinja2']) assert.equal(formatOf(f), 'jinja', f);
    // A repository's documents rendered from templates are not prompts either.
    for (const f of ['readme_templates/README.md.jinja2', 'CHANGELOG.md.j2']) assert.equal(formatOf(f), undefined, f);
    // Web pages by their content: no call site, no finding.
    const pages = [
      '<!DOCTYPE html>\n<html><body>{{ title }}</body></html>\n',
      '{# the layout #}\n<html lang="en">\n<head><title>{{ title }}</title></head>\n',
      '{% extends "base.html" %}\n{% block content %}<p>{{ user.name }}</p>{% endblock %}\n',
      '<div class="card">\n  <h2>{{ item.title }}</h2>\n</div>\n',
      // A script template (promptflow's docker runit files).
      '#!/bin/bash\nexport PATH="{{ env.path }}:$PATH"\nexec gunicorn app\n',
    ];
    for (const page of pages) assert.equal(parsePromptFile('templates/page.jinja2', page), undefined, page);
    // A prompt that uses tags of its own is a prompt.
    const prompt = parsePromptFile('prompts/answer.jinja2', '<instructions>\nAnswer from the context only.\n</instructions>\n<context>{{ context }}</context>\n');
    assert.ok(prompt && prompt.callSite.parts.length > 0);
  });

  it('Prompty: model from the Azure deployment, max_tokens, samples, role markers', () => {
    const text = read('support.prompty');
    const r = parse('support.prompty');
    const s = r.callSite;
    assert.deepEqual(r.findings, []);
    assert.equal(s.kind, 'prompt-file');
    assert.equal(s.key, 'support.prompty#Support Answer');
    assert.equal(s.api, 'prompty');
    assert.equal(s.provider, 'openai');
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.equal(text.slice(s.model.span!.start, s.model.span!.end), 'gpt-4o-mini');
    assert.deepEqual({ tokens: s.outputCap!.tokens, param: s.outputCap!.param }, { tokens: 300, param: 'model.parameters.max_tokens' });
    assert.equal(s.params.temperature, 0.2);
    assert.deepEqual(summary(s.parts), [
      '0:system:You are the support assistant of Acme Outdoor. Answer in two sentences.\n\n# Customer orders',
      '0:system:{user-data:order_history}',
      '1:user:{user-data:question}',
    ]);
    const question = s.parts.find((p) => p.dynamic?.name === 'question')!;
    assert.equal(question.text, 'Where is my parcel? It was due on Monday.');
    const orders = s.parts.find((p) => p.dynamic?.name === 'order_history')!;
    assert.equal(orders.text, 'Order #1182 shipped 2026-11-02; Order #1190 refunded.', 'inputs.<name>.sample');
  });

  it('Prompty 2: plain model string; text before any marker is system', () => {
    const s = parse('prompty2.prompty').callSite;
    assert.equal(s.model.id, 'gpt-4.1');
    assert.equal(s.outputCap, undefined);
    assert.deepEqual(summary(s.parts), ['0:system:Summarize the ticket below in one line.', '1:user:{user-data:ticket}']);
  });

  it('Dotprompt: comment lines, provider prefix, maxOutputTokens, input.default, roles, history and each', () => {
    const r = parse('summarize.prompt');
    const s = r.callSite;
    assert.deepEqual(r.findings, []);
    assert.equal(s.provider, 'google');
    assert.equal(s.model.id, 'gemini-2.5-flash');
    assert.equal(s.outputCap?.tokens, 400);
    assert.equal(s.outputCap?.param, 'config.maxOutputTokens');
    assert.equal(s.line, 1);
    assert.deepEqual(summary(s.parts), [
      '0:system:You summarize support tickets for engineers. Be factual.',
      '1:user:Ticket:',
      '1:user:{user-data:ticket}',
      '1:user:{history:history}',
      '1:user:-',
      '1:user:{interpolated:this}',
      '1:user:{history:history}',
    ]);
    assert.equal(s.parts.find((p) => p.dynamic?.name === 'ticket')!.text, 'Customer reports the tent pole snapped on first use.');
  });

  it('.prompt.md: Copilot display names become API ids; ${input:x} and ${selection} are placeholders', () => {
    const s = parse('.github/prompts/review.prompt.md').callSite;
    assert.equal(s.model.id, 'claude-sonnet-4-5');
    assert.equal(s.provider, 'anthropic');
    assert.deepEqual(summary(s.parts), ['0:user:Review', '0:user:{interpolated:component}', '0:user:for accessibility problems.\n\nFocus on the code in', '0:user:{user-data:selection}', '0:user:.']);
    assert.equal(normalizeModelName('GPT-4o'), 'gpt-4o');
    assert.equal(normalizeModelName('Claude Sonnet 4'), 'claude-sonnet-4');
    assert.equal(normalizeModelName('gpt-4.1'), 'gpt-4.1');
  });

  it('Jinja: loops count their body once and the collection as dynamic; comments are not sent', () => {
    const s = parse('refund_policy.j2').callSite;
    assert.equal(s.model.id, undefined);
    assert.equal(s.model.unresolvedReason, 'the prompt file names no model');
    const text = s.parts.filter((p) => !p.dynamic).map((p) => p.text).join('');
    assert.ok(!text.includes('policy service'), 'the {# comment #} is left out');
    assert.deepEqual(s.parts.filter((p) => p.dynamic).map((p) => `${p.dynamic!.kind}:${p.dynamic!.name}`), ['interpolated:rules', 'interpolated:rule.text', 'user-data:customer_name']);
  });

  it('plain text prompts are one static system message', () => {
    const s = parse('plain/prompts/escalation.txt').callSite;
    assert.deepEqual(summary(s.parts), ['0:system:You write escalation notes for the on-call engineer. Keep them under 100 words.']);
  });

  it('malformed files give findings with the line and what is wrong, and recover the model', () => {
    const cases: [string, string, number, RegExp, string | undefined][] = [
      ['malformed/unterminated.prompty', 'error', 1, /^front matter opened with --- on line 1 is never closed$/, 'gpt-4o'],
      ['malformed/bad_yaml.prompty', 'error', 3, /^invalid YAML in front matter: .* \(line 3\)$/, 'gpt-4o'],
      ['malformed/not_mapping.prompty', 'error', 2, /^front matter must be a mapping of keys to values, got a list$/, undefined],
      ['malformed/bad_cap.prompty', 'warning', 8, /^model\.parameters\.max_tokens must be a positive integer, got "lots" \(line 8\)$/, 'gpt-4o'],
      ['malformed/unbalanced.prompt', 'warning', 4, /^template: `each` block is never closed$/, 'gpt-4o'],
    ];
    for (const [file, severity, line, message, model] of cases) {
      const r = parse(file);
      const f = r.findings[0];
      assert.ok(f, file);
      assert.equal(f.ruleId, 'invalid-prompt-file');
      assert.equal(f.severity, severity, file);
      assert.equal(f.line, line, `${file}: ${f.message}`);
      assert.match(f.message, message);
      assert.equal(r.callSite.model.id, model, file);
    }
    const roles = parse('malformed/unbalanced.prompt').findings.map((f) => f.message);
    assert.ok(roles.includes('unknown role "robot" (use system, user or model)'));
  });

  it('skips binary and huge files with a reason', () => {
    const bin = parsePromptFile('x.prompty', '---\nmodel: gpt-4o\n---\n\u0000\u0001');
    assert.equal(bin?.errors[0].message, 'skipped: it is binary (contains NUL bytes)');
    assert.equal(bin?.callSite.parts.length, 0);
    const huge = parsePromptFile('x.prompt', 'a'.repeat(3 * 1024 * 1024));
    assert.match(huge!.errors[0].message, /^skipped: it is over 2 MB$/);
  });

  it('classifies placeholders by name', () => {
    assert.deepEqual(classifyPlaceholder('today'), { kind: 'timestamp', volatile: true });
    assert.equal(classifyPlaceholder('request_id').kind, 'uuid');
    assert.equal(classifyPlaceholder('documents').kind, 'retrieved-documents');
    assert.equal(classifyPlaceholder('chat_history').kind, 'history');
    assert.equal(classifyPlaceholder('question').kind, 'user-data');
    assert.equal(classifyPlaceholder('tone').kind, 'interpolated');
  });

  it('every span lies inside the text and says what the part says; truncations never throw', () => {
    for (const f of allFiles(dir)) {
      if (!isPromptFile(f)) continue;
      const text = read(f);
      const r = parse(f);
      for (const p of r.callSite.parts) {
        assert.ok(p.span && p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end, f);
        if (!p.dynamic) assert.equal(text.slice(p.span!.start, p.span!.end), p.text, `${f}: ${JSON.stringify(p.text)}`);
      }
      for (const x of r.findings) assert.ok(x.span.start >= 0 && x.span.end <= text.length, f);
      for (let cut = 0; cut <= text.length; cut += Math.max(1, Math.floor(text.length / 40))) {
        const t = text.slice(0, cut);
        const rr = parsePromptFile(f, t);
        for (const p of rr!.callSite.parts) assert.ok(p.span!.end <= t.length);
      }
    }
  });
});
