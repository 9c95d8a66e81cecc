// Prompt flow (microsoft/promptflow), in the style of its examples (examples/flows/chat/chat-basic,
// chat-math-variant, web-classification): a flow.dag.yaml's `llm` node sends its Jinja template to
// the model its inputs name, with its max_tokens and the flow inputs' defaults as sample values; a
// variant's node sends its own template; a `prompt` node's template is rendered for a Python node,
// not sent, so it is no call site.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, scanFiles } from './providerTestKit';

const dag = `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
  chat_history:
    type: list
    default: []
  question:
    type: string
    is_chat_input: true
    default: What is the capital of France, and what is its population today?
outputs:
  answer:
    type: string
    reference: \${chat.output}
nodes:
- name: chat
  type: llm
  source:
    type: code
    path: chat.jinja2
  inputs:
    deployment_name: gpt-35-turbo
    model: gpt-4o-mini
    max_tokens: "256"
    temperature: "0.7"
    chat_history: \${inputs.chat_history}
    question: \${inputs.question}
  api: chat
  connection: open_ai_connection
- name: summarize_prompt
  type: prompt
  source:
    type: code
    path: summarize.jinja2
  inputs:
    text: \${inputs.question}
- name: classify
  use_variants: true
node_variants:
  classify:
    default_variant_id: variant_0
    variants:
      variant_0:
        node:
          type: llm
          source:
            type: code
            path: prompts/classify.jinja2
          inputs:
            deployment_name: gpt-4o
            max_tokens: 64
            text: \${inputs.question}
          connection: azure_open_ai_connection
          api: chat
`;

const chat = `# system:
You are a helpful assistant.

{% for item in chat_history %}
# user:
{{item.inputs.question}}
# assistant:
{{item.outputs.answer}}
{% endfor %}

# user:
{{question}}
`;

describe('frameworks: prompt flow', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("prices an llm node's template on the model and max_tokens its flow.dag.yaml gives, with the flow's sample inputs", async () => {
    const files = {
      'flows/chat/flow.dag.yaml': dag,
      'flows/chat/chat.jinja2': chat,
      'flows/chat/summarize.jinja2': 'Summarize in one line:\n{{text}}\n',
      'flows/chat/prompts/classify.jinja2': '# system:\nClassify the question as geography, maths or other.\n# user:\n{{text}}\n',
    };
    const r = await scanFiles(files);
    const site = r.callSites.find((c) => c.path === 'flows/chat/chat.jinja2');
    assert.ok(site, r.callSites.map((c) => c.path).join(', '));
    assert.equal(site.model, 'gpt-4o-mini');
    assert.match(site.modelFrom ?? '', /^flows\/chat\/flow\.dag\.yaml:\d+ \(node "chat" model\)$/);
    assert.equal(site.outputCap?.tokens, 256);
    assert.equal(site.tokens.output, 256, 'the cap bounds the answer');
    assertPriced(site);
    // The question's default is the sample: counted, not assumed.
    assert.ok(!site.assumptions.some((a) => /`question`/.test(a.text)), site.assumptions.map((a) => a.text).join(' | '));
    // A variant's template, on the deployment its node names (an Azure connection: the deployment is the model).
    const variant = r.callSites.find((c) => c.path === 'flows/chat/prompts/classify.jinja2');
    assert.equal(variant?.model, 'gpt-4o');
    assert.equal(variant?.outputCap?.tokens, 64);
    // A prompt node's template is rendered, not sent.
    assert.ok(!r.callSites.some((c) => c.path === 'flows/chat/summarize.jinja2'), 'a prompt node is no call site');
  });

  it('a template no flow uses stays a prompt file of its own, its model unknown', async () => {
    const files = { 'templates/chat.jinja2': chat };
    const r = await scanFiles(files);
    const site = r.callSites.find((c) => c.path === 'templates/chat.jinja2');
    assert.equal(site?.model, null);
  });
});
