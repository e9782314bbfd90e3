// Writes BENCHMARKS.md from bench/results.json without measuring anything: for a change to the report's text
// (bench/lib/report*.mjs). The figures stay those of the last `npm run bench`; tests/docs/benchmarks.test.mjs
// checks that BENCHMARKS.md is exactly what this renders.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderMarkdown } from './lib/report.mjs';

const root = new URL('..', import.meta.url);
const results = JSON.parse(readFileSync(new URL('bench/results.json', root), 'utf8'));
writeFileSync(new URL('BENCHMARKS.md', root), renderMarkdown(results));
console.log('BENCHMARKS.md rendered from bench/results.json');
