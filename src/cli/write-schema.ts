import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../scenario/scenario-json-schema.js';

// `npm run schema`: regenerates schema/scenario.schema.json (a test fails when it is stale).
const target = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
