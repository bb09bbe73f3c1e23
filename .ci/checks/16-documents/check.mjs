// Validates docs/asyncapi.yaml with the AsyncAPI parser: exits 1 on any error-level diagnostic.
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';

const parser = new Parser();
const source = readFileSync(process.argv[2], 'utf8');
const { document, diagnostics } = await parser.parse(source);
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of errors) {
  console.error(`asyncapi: ${d.code} ${d.message} at ${d.path.join('.')}`);
}
console.log(`AsyncAPI parser errors: ${errors.length}; messages: ${document ? document.allMessages().length : 0}`);
process.exit(errors.length === 0 && document ? 0 : 1);
