"""The support agent: answers a customer's message, using tools, in a loop of at most MAX_STEPS."""
import json
from datetime import datetime

import anthropic

from config import MAX_STEPS, MODEL
from policy import POLICY
from tools import TOOLS, run_tool

client = anthropic.Anthropic()


def build_system_prompt(customer_name: str) -> str:
    # The current time helps the agent reason about shipping delays.
    return f"Current time: {datetime.now().isoformat()}\nCustomer: {customer_name}\n{POLICY}"


def answer(customer_name: str, question: str) -> str:
    messages = [{"role": "user", "content": question}]
    for step in range(MAX_STEPS):
        response = client.messages.create(
            model=MODEL,
            max_tokens=1024,
            system=build_system_prompt(customer_name),
            tools=TOOLS,
            messages=messages,
        )
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return "".join(block.text for block in response.content if block.type == "text")
        results = []
        for block in response.content:
            if block.type == "tool_use":
                output = run_tool(block.name, block.input)
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": json.dumps(output)})
        messages.append({"role": "user", "content": results})
    return "I could not finish this request; a colleague will follow up by email."
