import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authoringReference, functionList, withReference } from '../lint/authoring-reference.js';
import { errorCodeReference } from '../lint/error-code-reference.js';
import { withGeneratedSection } from '../lint/generated-section.js';

// `npm run docs`: regenerates the reference section of docs/authoring.md, the function list of
// docs/scenario-format.md and docs/error-codes.md (tests fail when any is stale).
const root = new URL('../../', import.meta.url);
const docs = (name: string) => fileURLToPath(new URL(`docs/${name}`, root));
const samples = [JSON.parse(readFileSync(fileURLToPath(new URL('templates/new-scenario.json', root)), 'utf8'))];

function write(target: string, text: string): void {
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  process.stdout.write(`wrote ${target}\n`);
}

write(docs('authoring.md'), withReference(readFileSync(docs('authoring.md'), 'utf8'), authoringReference(samples)));
write(docs('scenario-format.md'), withGeneratedSection(readFileSync(docs('scenario-format.md'), 'utf8'), 'functions', functionList(), 'src/scenario/expression-functions.ts'));
write(docs('error-codes.md'), errorCodeReference());
