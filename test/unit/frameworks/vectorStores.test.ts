// Vector stores that embed for you (Chroma with a provider's embedding function, LanceDB with a
// registry function in the table's schema): their add/query/search are embedding requests.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const files: Record<string, string> = {
  // As Chroma's embedding-functions guide writes it.
  'rag/chroma_store.py': `import os
import chromadb
import chromadb.utils.embedding_functions as embedding_functions

client = chromadb.PersistentClient(path="./chroma")


class Store:
    def __init__(self):
        self.collection = client.get_or_create_collection(
            name="docs",
            embedding_function=self.embedder(),
        )
        self.local = client.get_or_create_collection(name="local")

    def embedder(self):
        return embedding_functions.OpenAIEmbeddingFunction(api_key=os.environ["OPENAI_API_KEY"], model_name="text-embedding-3-small")

    def index(self, texts):
        self.collection.add(documents=texts, ids=[str(i) for i in range(len(texts))])  # add

    def lookup(self, question):
        return self.collection.query(query_texts=[question], n_results=3)  # query

    def index_vectors(self, texts, vectors):
        self.collection.upsert(documents=texts, embeddings=vectors, ids=["a"])  # vectors given

    def index_locally(self, texts):
        self.local.add(documents=texts, ids=["a"])  # local default
`,
  // As LanceDB's embedding-registry docs write it.
  'rag/lance_store.py': `import lancedb
from lancedb.embeddings import get_registry
from lancedb.pydantic import LanceModel, Vector

db = lancedb.connect("./lancedb")
func = get_registry().get("openai").create(name="text-embedding-3-large")
local = get_registry().get("sentence-transformers").create()


class Words(LanceModel):
    text: str = func.SourceField()
    vector: Vector(func.ndims()) = func.VectorField()


class LocalWords(LanceModel):
    text: str = local.SourceField()
    vector: Vector(local.ndims()) = local.VectorField()


table = db.create_table("words", schema=Words, mode="overwrite")
table.add([{"text": "hello world"}, {"text": "goodbye world"}])  # lance add
hits = table.search("greetings").limit(1).to_pydantic(Words)  # lance search
local_table = db.create_table("local", schema=LocalWords)
local_table.add([{"text": "hi"}])  # lance local
seen = set()
seen.add("x")  # a set
`,
};

describe('vector stores that embed for you', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reports a Chroma collection with a provider embedding function: add and query are embeddings', () => {
    const sites = extractIn(files, 'rag/chroma_store.py').callSites;
    for (const m of ['# add', '# query']) {
      const s = siteAt(sites, lineOf(files['rag/chroma_store.py'], m));
      assert.equal(s.operation, 'embedding');
      assert.equal(s.model.id, 'text-embedding-3-small');
      assert.equal(s.provider, 'openai');
    }
  });

  it('leaves out what the store does not embed: given vectors, and Chroma\'s local default function', () => {
    const sites = extractIn(files, 'rag/chroma_store.py').callSites;
    for (const m of ['# vectors given', '# local default']) assert.equal(sites.find((s) => s.line === lineOf(files['rag/chroma_store.py'], m)), undefined, m);
  });

  it('reports a LanceDB table whose schema embeds with a provider registry function, add and search', () => {
    const sites = extractIn(files, 'rag/lance_store.py').callSites;
    for (const m of ['# lance add', '# lance search']) {
      const s = siteAt(sites, lineOf(files['rag/lance_store.py'], m));
      assert.equal(s.operation, 'embedding');
      assert.equal(s.model.id, 'text-embedding-3-large');
    }
    for (const m of ['# lance local', '# a set']) assert.equal(sites.find((s) => s.line === lineOf(files['rag/lance_store.py'], m)), undefined, m);
  });
});
