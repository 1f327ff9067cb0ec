import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { runChildSync } from '../run-child.js';

// `parley` and `parley/xstate` are the package's entry points for programs (package.json
// "exports"); a program imports them from the built dist/, with types.
describe('the package entry points', () => {
  it('ship in the package: the built modules with their types, the CLI, the schema, templates and scenarios', () => {
    const r = runChildSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot });
    expect(r.code, r.stderr).toBe(0);
    const files = new Set((JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const f of [
      'dist/api/parley.js',
      'dist/api/parley.d.ts',
      'dist/api/xstate.js',
      'dist/api/xstate.d.ts',
      'dist/cli/main.js',
      'bin/parley.js',
      'schema/scenario.schema.json',
      'templates/new-scenario.json',
      'scenarios/supplier-duel.json',
    ]) {
      expect(files.has(f), f).toBe(true);
    }
    expect([...files].some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);
  });

  it("resolve as 'parley' and 'parley/xstate' from an ES module, and run a track in plain XState", () => {
    const program = `
      import { readFileSync } from 'node:fs';
      import { createActor, createMachine } from 'xstate';
      import { provideParley, scopeOf } from 'parley/xstate';
      import { readScenario } from 'parley';
      const { scenario } = readScenario('scenarios/supplier-duel.json');
      const file = JSON.parse(readFileSync('scenarios/supplier-duel.json', 'utf8'));
      const machine = provideParley(createMachine(file.tracks.newcomer.machine), { scenario });
      const actor = createActor(machine);
      scopeOf(machine).follow(actor);
      actor.start();
      actor.send({ type: 'SHORTLIST' });
      actor.send({ type: 'AGREE' });
      console.log(JSON.stringify({ state: actor.getSnapshot().value, self: scopeOf(machine).self.state, signals: scopeOf(machine).signals }));
    `;
    // A module inside the package reaches its own "exports" by name (Node's self-reference).
    const r = runChildSync(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ state: 'contract', self: 'contract', signals: [{ from: 'newcomer', to: 'others', event: 'RIVAL_SIGNED' }] });
  });

  it('run the example of docs/xstate.md as written and print what the page says it prints', () => {
    const page = readFileSync(`${repoRoot}docs/xstate.md`, 'utf8');
    const example = page.split('## A runnable example')[1]!;
    const code = /```js\n([\s\S]*?)```/.exec(example)![1]!;
    const printed = /It prints:\n\n```\n([\s\S]*?)```/.exec(example)![1]!;
    const r = runChildSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(printed);
  });
});
