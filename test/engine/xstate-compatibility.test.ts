import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createMachine, initialTransition, transition } from 'xstate';
import { repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';

// A track's machine must load into XState unchanged, so it can be pasted into Stately's editor: as
// written, or once templates are expanded for tracks made from one (guard shorthands are named guards).
const files = [
  ...readdirSync(`${repoRoot}scenarios`).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => `scenarios/${f}`),
  'test/fixtures/nested-machine.json',
  'test/fixtures/markov.json',
];

describe('track machines are plain XState JSON', () => {
  for (const file of files) {
    const scenario = expandScenario(parseSourceDocument(readFileSync(repoRoot + file, 'utf8'), file).document).document.value as { tracks: Record<string, any> };
    for (const [id, track] of Object.entries<any>(scenario.tracks)) {
      it(`loads ${file} track '${id}' into createMachine unchanged and resolves every transition`, () => {
        const machine = createMachine(track.machine);
        const [initial] = initialTransition(machine);
        expect(Object.keys(track.machine.states)).toContain(String(typeof initial.value === 'string' ? initial.value : Object.keys(initial.value)[0]));
        // Every event the machine names can be sent without XState throwing on a bad target.
        const events = new Set<string>();
        const collect = (states: Record<string, any>) => {
          for (const s of Object.values(states)) {
            for (const e of Object.keys(s.on ?? {})) events.add(e);
            if (s.states) collect(s.states);
          }
        };
        collect(track.machine.states);
        for (const type of events) {
          try {
            transition(machine, initial, { type });
          } catch (error) {
            // Without Parley's guard implementations XState cannot evaluate `when`; that is expected.
            expect(String(error)).toMatch(/guard|when/i);
          }
        }
      });
    }
  }
});
