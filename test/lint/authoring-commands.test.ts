import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from '../cli/run-cli.js';
import { repoRoot } from '../load-fixture.js';
import { runChildSync } from '../run-child.js';

const clean = 'test/fixtures/lint/clean.json';

function withWarning(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-lint-'));
  const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
  s.parameters.unused = { dist: { type: 'fixed', value: 1 } };
  const file = join(dir, 'warned.json');
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

describe('parley lint', () => {
  it('exits 0 and says clean for a scenario without warnings', () => {
    const r = parley(['lint', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${clean}: clean`);
  });

  it('prints warnings as file:line:column, code, message and hint, and exits 0 without --strict', () => {
    const file = withWarning();
    const r = parley(['lint', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ warning W_UNUSED_PARAMETER: parameter 'unused' is never read`));
    expect(r.stderr).toContain('hint: use param.unused');
  });

  it('exits 1 on warnings with --strict', () => {
    expect(parley(['lint', '--strict', withWarning()]).code).toBe(1);
  });

  it('exits 2 when a file has errors', () => {
    const r = parley(['lint', 'scenarios/does-not-exist.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_FILE');
  });

  it('prints problems as JSON with --json', () => {
    const file = withWarning();
    const r = parley(['lint', '--json', file]);
    const out = JSON.parse(r.stdout) as { file: string; problems: { code: string; location: { line: number } }[] }[];
    expect(out[0]!.file).toBe(file);
    expect(out[0]!.problems.map((p) => p.code)).toEqual(['W_UNUSED_PARAMETER']);
    expect(out[0]!.problems[0]!.location.line).toBeGreaterThan(1);
  });

  it('lists its rules with --rules', () => {
    const r = parley(['lint', '--rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('W_UNREACHABLE_STATE');
    expect(r.stdout).toContain('W_PROBABILITY_RANGE');
  });
});

/** Structure checks a Mermaid state diagram must pass to render: one header, balanced blocks, every state declared once, every transition between declared states. */
function checkMermaid(text: string): { ids: Set<string>; transitions: string[] } {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('stateDiagram-v2');
  expect(text.match(/stateDiagram/g)).toHaveLength(1);
  let depth = 0;
  const ids = new Set<string>();
  const transitions: string[] = [];
  for (const line of lines.slice(1)) {
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^state "[^"]*" as (\w+)$/.exec(t))) {
      expect(ids.has(m[1]!), `${m[1]} declared twice`).toBe(false);
      ids.add(m[1]!);
    } else if ((m = /^state (\w+) \{$/.exec(t))) {
      expect(ids.has(m[1]!), `composite ${m[1]} not declared`).toBe(true);
      depth++;
    } else if (t === '}') depth--;
    else if ((m = /^(\[\*\]|\w+) --> (\[\*\]|\w+)( : [^:]*)?$/.exec(t))) transitions.push(t);
    else expect(t, `unexpected line: ${line}`).toMatch(/^(%%.*|--|classDef \w+ .*|class [\w,]+ \w+)$/);
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
  for (const tr of transitions) {
    for (const end of /^(\S+) --> (\S+)/.exec(tr)!.slice(1)) if (end !== '[*]') expect(ids.has(end), `${tr}: ${end} is not declared`).toBe(true);
  }
  return { ids, transitions };
}

const haveDot = runChildSync('sh', ['-c', 'command -v dot || true']).stdout.trim() !== '';

describe('parley graph', () => {
  it('draws every track of supplier-duel as ONE Mermaid diagram, each track a composite state, with labelled edges, finals and deal states', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    const { ids } = checkMermaid(out);
    expect(ids).toContain('incumbent__track');
    expect(ids).toContain('newcomer__track');
    expect(out).toContain('state "Newcomer (track newcomer)" as newcomer__track\n  state newcomer__track {');
    expect(out).toContain('[*] --> incumbent__s_talks');
    expect(out).toContain('incumbent__s_talks --> incumbent__s_contract : AGREE ← offer');
    expect(out).toContain('incumbent__s_talks --> incumbent__s_lapsed : TICK [self.rounds ≥ param.incumbentPatience]');
    expect(out).toContain('newcomer__s_bid --> newcomer__s_shortlisted : SHORTLIST ← shortlist');
    expect(out).toContain('newcomer__s_bid --> newcomer__s_collapsed : COLLAPSE ← event financingWobble');
    expect(out).toContain('incumbent__s_lapsed --> [*]');
    expect(out).toContain('class incumbent__s_contract,newcomer__s_contract deal');
    expect(out).toContain('state "shortlisted (stage 2)" as newcomer__s_shortlisted');
  });

  it('keeps the whole of a long guard on the flagship, over several lines, with every comparison', () => {
    const r = parley(['graph', 'scenarios/turkey-rare-earths.yaml']);
    expect(r.code).toBe(0);
    const { transitions } = checkMermaid(r.stdout);
    const tick = transitions.find((t) => t.startsWith('us__s_active --> us__s_dormant : TICK [round - world.usTouch'))!;
    expect(tick).toBeDefined();
    // "round - world.usTouch >= param.contactGapMonths + (self.state == 'active.study' ? param.studyPatienceExtra : 0.0) && self.rounds >= param.graceMonths"
    const guard = /\[(.*)\]/.exec(tick)![1]!;
    expect(guard.split('<br/>').length).toBeGreaterThan(2);
    expect(guard.replace(/<br\/>/g, ' ')).toBe("round - world.usTouch ≥ param.contactGapMonths + (self.state = 'active.study' ? param.studyPatienceExtra ∶ 0.0) and self.rounds ≥ param.graceMonths");
    for (const line of guard.split('<br/>')) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('draws nested states as composite states, each transition written where Mermaid can draw it', () => {
    const r = parley(['graph', 'test/fixtures/nested-machine.json']);
    expect(r.code).toBe(0);
    checkMermaid(r.stdout);
    // Inside "talks": its children's transitions. Across its border: drawn from "talks", naming the inner state.
    expect(r.stdout).toMatch(/state main__s_talks \{[^}]*main__s_talks__opening --> main__s_talks__stuck : TICK \[self.rounds ≥ param.lag\][^}]*\}/);
    expect(r.stdout).toContain("main__s_talks --> main__s_frozen : always [world.mode = 'crisis'] (from talks.detail)");
  });

  it('draws one track with --track, and a fenced diagram per track with --markdown', () => {
    const one = parley(['graph', 'scenarios/supplier-duel.json', '--track', 'newcomer']);
    expect(one.code).toBe(0);
    checkMermaid(one.stdout);
    expect(one.stdout).toContain('s_bid --> s_shortlisted : SHORTLIST ← shortlist');
    expect(one.stdout).not.toContain('talks');
    const md = parley(['graph', 'scenarios/supplier-duel.json', '--markdown']);
    expect(md.code).toBe(0);
    const blocks = [...md.stdout.matchAll(/^### (.*)\n\n```mermaid\n([\s\S]*?)```$/gm)];
    expect(blocks.map((b) => b[1])).toEqual(['Incumbent (`incumbent`)', 'Newcomer (`newcomer`)']);
    for (const b of blocks) checkMermaid(b[2]!);
  });

  it('draws one track as Graphviz dot with double circles for finals and a filled deal state', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json', '--track', 'newcomer', '--format', 'dot']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^digraph "newcomer" \{/);
    expect(out).toContain('"newcomer.shortlisted" -> "newcomer.contract" [label="AGREE\\n← offer"]');
    expect(out).toContain('"newcomer.lost" [label="lost", shape=doublecircle');
    expect(out).toMatch(/"newcomer.contract" \[[^\]]*fillcolor="#c8f7c5"/);
    expect(out).not.toContain('incumbent.talks');
  });

  it('draws every track as ONE dot digraph with a cluster per track, which Graphviz renders without a warning', () => {
    for (const file of ['scenarios/turkey-rare-earths.yaml', 'test/fixtures/nested-machine.json']) {
      const r = parley(['graph', file, '--format', 'dot']);
      expect(r.code).toBe(0);
      expect(r.stdout.match(/^digraph /gm)).toHaveLength(1);
      if (file.includes('turkey')) {
        for (const t of ['china', 'russia', 'us', 'canadaSwiss']) expect(r.stdout).toContain(`subgraph "cluster_track_${t}" {`);
        expect(r.stdout).toContain('self.rounds >= param.graceMonths]');
      }
      if (haveDot) {
        const svg = runChildSync('dot', ['-Tsvg'], { input: r.stdout });
        expect(svg.stderr, file).toBe('');
        expect(svg.code).toBe(0);
        expect(svg.stdout.match(/<svg/g)).toHaveLength(1);
      }
    }
  });

  it('exits 2 naming the tracks when --track is unknown', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json', '--track', 'nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no track 'nobody'");
    expect(r.stderr).toContain('incumbent, newcomer');
  });
});

describe('parley new', () => {
  it('writes a scenario that validates, lints clean under --strict, runs, and passes its test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-new-'));
    const made = parley(['new', 'my-deal'], { cwd: dir });
    expect(made.code).toBe(0);
    const file = join(dir, 'my-deal.json');
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { $schema: string; id: string; tracks: object; strategies: object; expectations: unknown[]; events: object };
    expect(json.id).toBe('myDeal');
    expect(existsSync(join(dir, json.$schema))).toBe(true);
    expect(Object.keys(json.tracks)).toHaveLength(2);
    expect(Object.keys(json.strategies).length).toBeGreaterThanOrEqual(2);
    expect(json.expectations.length).toBeGreaterThan(0);
    expect(parley(['validate', 'my-deal.json'], { cwd: dir }).code).toBe(0);
    const lint = parley(['lint', '--strict', 'my-deal.json'], { cwd: dir });
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(parley(['run', 'my-deal.json'], { cwd: dir }).code).toBe(0);
    expect(parley(['test', 'my-deal.json'], { cwd: dir }).code).toBe(0);
  });

  it('points "$schema" at the repository schema, relative to the new file', () => {
    const r = parley(['new', 'scratch-new-test'], { cwd: `${repoRoot}test/fixtures/lint` });
    try {
      expect(r.code).toBe(0);
      const json = JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/scratch-new-test.json`, 'utf8')) as { $schema: string };
      expect(json.$schema).toBe('../../../schema/scenario.schema.json');
    } finally {
      rmSync(`${repoRoot}test/fixtures/lint/scratch-new-test.json`, { force: true });
    }
  });

  it('refuses to overwrite an existing file and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-new-'));
    writeFileSync(join(dir, 'taken.json'), 'mine');
    const r = parley(['new', 'taken'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('taken.json already exists');
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('mine');
  });
});

describe('parley test', () => {
  it('passes every expectation of the scenarios in scenarios/ (what CI runs)', () => {
    const r = parley(['test'], { timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('exits 1 and says FAIL when an expectation is clearly wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ description: 'deals are rare (they are not)', strategy: 'offerEveryMonth', outcome: 'deal', max: 0.2 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const r = parley(['test', 's.json', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const result = (JSON.parse(r.stdout) as { files: { results: { verdict: string; runs: number; lo: number }[] }[] }).files[0]!.results[0]!;
    expect(result.verdict).toBe('fail');
    expect(result.runs).toBe(1000);
    expect(result.lo).toBeGreaterThan(0.2);
  });

  it('points at a failed expectation as file:line:column, in the line, the list after the totals and the JSON', () => {
    const r = parley(['test', 'test/fixtures/expectations/paired-known-answer.json']);
    expect(r.code).toBe(1);
    // The sixth expectation ("a wrong belief") is written at line 73, column 5.
    const at = 'test/fixtures/expectations/paired-known-answer.json:73:5';
    expect(r.stdout).toContain(`  FAIL      mean(score), coin − never = +0.493, 95% CI [+0.462, +0.524], expected ≤ 0 (1,000 paired runs)\n            at ${at}\n`);
    expect(r.stdout).toContain(`\nFAIL ${at}  mean(score), coin − never`);
    // Passing expectations show no location unless --verbose.
    expect(r.stdout).not.toContain('paired-known-answer.json:68:5');
    expect(r.stdout).toContain('  pass      P(deal), sure − never = +100 pp, 95% CI [+100 pp, +100 pp], expected in [+99 pp, +100 pp] (1,000 paired runs)\n');
    expect(parley(['test', 'test/fixtures/expectations/paired-known-answer.json', '--verbose']).stdout).toContain('at test/fixtures/expectations/paired-known-answer.json:68:5');
    const json = JSON.parse(parley(['test', 'test/fixtures/expectations/paired-known-answer.json', '--json']).stdout) as {
      totals: { passed: number; failed: number; undecided: number };
      files: { results: { verdict: string; compare?: string[]; location: { file: string; line: number; column: number } }[] }[];
    };
    expect(json.totals).toMatchObject({ passed: 4, failed: 1, undecided: 1 });
    expect(json.files[0]!.results.map((x) => x.location.line)).toEqual([68, 69, 70, 71, 72, 73]);
    expect(json.files[0]!.results[5]).toMatchObject({ verdict: 'fail', compare: ['coin', 'never'], location: { file: 'test/fixtures/expectations/paired-known-answer.json', column: 5 } });
  });

  it('prints probabilities as percentages at the precision of their interval (it printed "CI [2.17e-19, 0.00383]")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ strategy: 'offerEveryMonth', outcome: 'deal', min: 0.5 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const line = parley(['test', 's.json'], { cwd: dir }).stdout.split('\n').find((l) => l.includes('P(deal)'))!;
    expect(line).toMatch(/P\(deal\) with offerEveryMonth = \d+\.\d%, 95% CI \[\d+\.\d%, \d+\.\d%\], expected ≥ 50%/);
    expect(line).not.toMatch(/e-\d/);
  });

  it('stops undecided at the run cap when the interval straddles a bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ strategy: 'offerEveryMonth', outcome: 'deal', min: 0.9, runs: 200 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const r = parley(['test', 's.json'], { cwd: dir });
    expect(r.stdout).toContain('undecided');
    expect(r.stdout).toContain('(200 runs)');
    expect(r.code).toBe(0);
    expect(parley(['test', 's.json', '--strict'], { cwd: dir }).code).toBe(1);
  });
});
