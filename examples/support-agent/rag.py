"""Answers product questions from the catalogue and the manuals."""
from openai import OpenAI

from config import RETRIEVAL_K
from search import vector_store

client = OpenAI()


def answer_product_question(question: str) -> str:
    chunks = vector_store.similarity_search(question, k=RETRIEVAL_K)
    context = "\n\n".join(chunk.page_content for chunk in chunks)
    response = client.chat.completions.create(
        model="gpt-4.1",
        messages=[
            {"role": "system", "content": f"Answer from these manual excerpts only.\n\n{context}"},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
