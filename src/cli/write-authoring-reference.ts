import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authoringReference, withReference } from '../lint/authoring-reference.js';

// `npm run docs`: regenerates the reference section of docs/authoring.md (a test fails when it is stale).
const root = new URL('../../', import.meta.url);
const target = fileURLToPath(new URL('docs/authoring.md', root));
const samples = [JSON.parse(readFileSync(fileURLToPath(new URL('templates/new-scenario.json', root)), 'utf8'))];
const text = withReference(readFileSync(target, 'utf8'), authoringReference(samples));
writeFileSync(`${target}.tmp`, text);
renameSync(`${target}.tmp`, target);
process.stdout.write(`wrote ${target}\n`);
