"""Summaries for the escalation queue, from the Dotprompt file."""
from pathlib import Path

from google import genai

client = genai.Client()
ESCALATION_PROMPT = (Path(__file__).parent / "prompts" / "escalation.txt").read_text()


def summarize(ticket: str) -> str:
    response = client.models.generate_content(
        model="gemini-2.5-flash",
        contents=f"{ESCALATION_PROMPT}\n\nTicket:\n{ticket}",
        config={"max_output_tokens": 300},
    )
    return response.text
