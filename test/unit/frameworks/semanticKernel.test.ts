// Semantic Kernel (Python): chat services called directly, through the kernel they are added to
// (invoke_prompt, a prompt function), or by a ChatCompletionAgent; a service without a model id reads
// it from the environment (.env); plugins mean auto function calling, up to 5 more requests. As the
// Semantic Kernel quickstart writes it.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const app = `from semantic_kernel import Kernel
from semantic_kernel.agents import ChatCompletionAgent
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion, OpenAIChatCompletion
from semantic_kernel.contents import ChatHistory
from semantic_kernel.functions import kernel_function


class MenuPlugin:
    @kernel_function(description="Provides a list of specials from the menu.")
    def get_specials(self) -> str:
        return "Soup: Clam Chowder"


kernel = Kernel()
kernel.add_service(OpenAIChatCompletion(ai_model_id="gpt-4o-mini"))
summarize = kernel.add_function(plugin_name="writer", function_name="summarize", prompt="Summarize in one sentence: {{$input}}")
specials = kernel.add_plugin(MenuPlugin(), plugin_name="menu")

agent = ChatCompletionAgent(service=AzureChatCompletion(deployment_name="gpt-4o"), name="Host", instructions="Answer questions about the menu.", plugins=[MenuPlugin()])
chat = OpenAIChatCompletion()


async def main(q):
    await kernel.invoke_prompt("What is the capital of {{$country}}?", country=q)  # invoke_prompt
    await kernel.invoke(summarize, input=q)  # prompt function
    await kernel.invoke(specials["get_specials"])  # native function
    response = await agent.get_response(messages=q)  # agent
    history = ChatHistory()
    history.add_user_message(q)
    return await chat.get_chat_message_content(history, settings=None)  # env model
`;

describe('frameworks: Semantic Kernel', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("prices the kernel's prompts on the service added to it; a native function is no request", async () => {
    const files = { 'app.py': app };
    const r = await scanFiles(files);
    const p = siteAt(r, files, 'app.py', '# invoke_prompt');
    assert.equal(p.sdk, 'semantic-kernel');
    assert.equal(p.model, 'gpt-4o-mini');
    assertPriced(p);
    assert.equal(siteAt(r, files, 'app.py', '# prompt function').model, 'gpt-4o-mini');
    noSiteAt(r, files, 'app.py', '# native function');
  });

  it("runs a ChatCompletionAgent with plugins on its service's model, expected modestly, up to 5 rounds of auto function calls and the answer", async () => {
    const files = { 'app.py': app };
    const r = await scanFiles(files);
    const a = siteAt(r, files, 'app.py', '# agent');
    assert.equal(a.model, 'gpt-4o');
    assert.equal(a.operation, 'agent-run');
    assert.equal(a.multiplier.cap, 6);
    assert.equal(a.multiplier.expected, 3);
    assert.ok(a.tokens.staticInput >= 5, `the instructions are counted (${a.tokens.staticInput} static tokens)`);
  });

  it("reads a service's model from the .env its settings read (OPENAI_CHAT_MODEL_ID), and says so without one", async () => {
    const withEnv = { 'app.py': app, '.env': 'OPENAI_CHAT_MODEL_ID=gpt-4.1-mini\n' };
    const e = siteAt(await scanFiles(withEnv), withEnv, 'app.py', '# env model');
    assert.equal(e.model, 'gpt-4.1-mini');
    const without = { 'app.py': app };
    const n = siteAt(await scanFiles(without), without, 'app.py', '# env model');
    assert.equal(n.model, null);
    assert.match(n.modelUnresolvedReason ?? '', /OPENAI_CHAT_MODEL_ID/);
  });
});
