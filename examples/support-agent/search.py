"""The vector store holding the product manuals (chunks of ~1,000 tokens)."""
from langchain_community.vectorstores import FAISS
from langchain_openai import OpenAIEmbeddings

vector_store = FAISS.load_local("indexes/manuals", OpenAIEmbeddings(), allow_dangerous_deserialization=True)
