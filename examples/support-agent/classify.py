"""Routes incoming messages: is this a refund request?"""
from openai import OpenAI

from config import CLASSIFIER_MODEL

openai_client = OpenAI()


def is_refund_request(message: str) -> bool:
    # costlens: tasks-per-day=5000
    completion = openai_client.chat.completions.create(
        model=CLASSIFIER_MODEL,
        messages=[
            {"role": "system", "content": "Answer only 'yes' or 'no': does the customer ask for a refund?"},
            {"role": "user", "content": message},
        ],
        max_tokens=5,
        temperature=0,
    )
    return completion.choices[0].message.content.strip().lower().startswith("yes")
