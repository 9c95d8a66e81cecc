// `npm run corpus`: precision, recall and model-resolution rate of the call-site extractor on the
// fixture corpus (test/fixtures/code), with every miss listed.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { loadParsers } = require('../out/src/core/extract/code/parser.js');
const { scoreCorpus, formatScore } = require('../out/test/unit/corpusScore.js');
await loadParsers();
console.log(formatScore(scoreCorpus('test/fixtures/code')));
