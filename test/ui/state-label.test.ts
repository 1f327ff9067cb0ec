import { readFileSync } from 'node:fs';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { describe, expect, it } from 'vitest';
import { stateLabel } from '../../src/ui/state-label.js';

const machine = {
  states: {
    active: { states: { talks: {}, mou: { meta: { label: 'MoU signed', stage: 2 } } } },
    walkedAway: { type: 'final', meta: { label: 'broken off' } },
  },
};

describe('stateLabel', () => {
  it("names a state by the deepest meta.label on its path, else by its id path", () => {
    expect(stateLabel(machine, 'active.mou')).toBe('MoU signed');
    expect(stateLabel(machine, 'walkedAway')).toBe('broken off');
    expect(stateLabel(machine, 'active.talks')).toBe('active.talks');
    expect(stateLabel(machine, 'nowhere.else')).toBe('nowhere.else');
  });

  it('finds a label in the file for every state a flagship track can be in', () => {
    type Node = { meta?: { label?: unknown }; states?: Record<string, Node> };
    // The file as the loader reads it: tracks made from templates written out.
    const { document } = parseSourceDocument(readFileSync(new URL('../../scenarios/turkey-rare-earths.yaml', import.meta.url), 'utf8'), 'turkey-rare-earths.yaml');
    const file = expandScenario(document).document.value as { tracks: Record<string, { machine: Node & { states: Record<string, Node> } }> };
    for (const [id, track] of Object.entries(file.tracks)) {
      for (const [name, node] of Object.entries(track.machine.states)) {
        // A compound state is never where a track sits; its children are.
        const leaves = node.states ? Object.entries(node.states).map(([child, n]) => [`${name}.${child}`, n] as const) : [[name, node] as const];
        for (const [key, leaf] of leaves) {
          expect(typeof leaf.meta?.label, `${id} ${key}`).toBe('string');
          expect(stateLabel(track.machine, key)).toBe(leaf.meta!.label);
        }
      }
    }
  });
});
