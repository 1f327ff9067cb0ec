import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parley } from '../cli/run-cli.js';
import { repoRoot } from '../load-fixture.js';

// The page functions run in the browser; the project's tsconfig has no DOM library, so name the little they use.
interface PageElement {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  getBoundingClientRect(): { width: number; height: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
declare const document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const window: { __pwned?: number };

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stderr.write(`report-html.test: skipping the browser checks: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)\n`);

const HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/** What a page did: console errors, requests other than the file itself, and the rendered elements. */
interface PageCheck {
  readonly errors: string[];
  readonly requests: string[];
  readonly failed: string[];
  readonly page: Page;
}

async function open(context: BrowserContext, file: string): Promise<PageCheck> {
  const page = await context.newPage();
  const check: PageCheck = { errors: [], requests: [], failed: [], page };
  page.on('console', (m) => m.type() === 'error' && check.errors.push(m.text()));
  page.on('pageerror', (e) => check.errors.push(String(e)));
  page.on('request', (r) => r.url() !== `file://${file}` && check.requests.push(r.url()));
  page.on('requestfailed', (r) => check.failed.push(r.url()));
  await page.goto(`file://${file}`);
  await page.waitForLoadState('load');
  return check;
}

/** Every canvas and track diagram: its id, size, and (canvases) how many pixels were painted. */
function rendered(page: Page) {
  return page.evaluate(() => ({
    canvases: Array.from(document.querySelectorAll('canvas')).map((c) => {
      const r = c.getBoundingClientRect();
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
      return { id: c.id, width: r.width, height: r.height, painted };
    }),
    diagrams: Array.from(document.querySelectorAll('svg.track-diagram')).map((s) => {
      const r = s.getBoundingClientRect();
      return { width: r.width, height: r.height, states: s.querySelectorAll('g.state').length };
    }),
  }));
}

describe.skipIf(!haveChromium)('parley report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let duel: string;
  let hostile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-report-'));
    // A comparison of every strategy with a sensitivity analysis, through the real CLI.
    const out = join(dir, 'duel');
    for (const args of [
      ['run', 'scenarios/supplier-duel.json', '--runs', '600', '--seed', '3', '--strategy', 'all', '--out', out, '--quiet'],
      ['sensitivity', 'scenarios/supplier-duel.json', '--runs', '200', '--seed', '3', '--out', out, '--quiet'],
      ['report', out, '-o', join(out, 'report.html')],
    ]) {
      const r = parley(args);
      expect(r.code, `parley ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
    duel = join(out, 'report.html');
    // A scenario whose text tries to inject markup and script, found next to its batch.
    const bad = join(dir, 'hostile');
    mkdirSync(bad);
    const fixture = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/analysis/driver-and-inert.json'), 'utf8'));
    fixture.$schema = undefined;
    fixture.title = `Title ${HOSTILE}`;
    fixture.question = `Question ${HOSTILE}`;
    fixture.tracks.seller.label = `Track ${HOSTILE}`;
    fixture.outcomes.deal.label = `Deal ${HOSTILE}`;
    fixture.sources = { evil: { title: `Source ${HOSTILE}`, publisher: `Publisher ${HOSTILE}`, date: '2026-01', url: 'javascript:window.__pwned=3' } };
    writeFileSync(join(bad, 'hostile.json'), JSON.stringify(fixture));
    for (const args of [
      ['run', join(bad, 'hostile.json'), '--runs', '300', '--out', bad, '--quiet'],
      ['pareto', join(bad, 'hostile.json'), '--runs', '300', '--out', bad, '--quiet'],
      ['report', bad, '-o', join(bad, 'report.html')],
    ]) {
      const r = parley(args);
      expect(r.code, `parley ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
    hostile = join(bad, 'report.html');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart and track diagram with no console error and no request at all', async () => {
    const check = await open(context, duel);
    const { canvases, diagrams } = await rendered(check.page);
    const ids = canvases.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['chart-outcomes', 'chart-time-to-deal', 'chart-histogram-0', 'chart-tornado-utility', 'chart-tornado-0', 'chart-pareto-1']));
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.height, c.id).toBeGreaterThan(50);
      expect(c.painted, `${c.id} painted nothing`).toBeGreaterThan(500);
    }
    expect(diagrams).toHaveLength(2);
    for (const d of diagrams) {
      expect(d.width).toBeGreaterThan(100);
      expect(d.states).toBeGreaterThanOrEqual(3);
    }
    expect(await check.page.locator('#comparison').textContent()).toContain('incumbentOnly');
    // The deal-set table counts the same runs as summary.json's tally (here one deal per run at most).
    const summary = JSON.parse(readFileSync(join(dir, 'duel', 'summary.json'), 'utf8'));
    const dealSets = await check.page.locator('#deal-sets').textContent();
    for (const d of summary.results[0].dealSets) expect(dealSets).toContain(`${(100 * d.p).toFixed(1)}%`);
    expect(dealSets).toContain('no deal');
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.failed).toEqual([]);
    const shots = join(repoRoot, 'test/analysis/__screenshots__');
    mkdirSync(shots, { recursive: true });
    await check.page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
    await check.page.close();
  });

  it('shows hostile scenario text as text: no script runs, no element is injected, no javascript: link', async () => {
    const check = await open(context, hostile);
    expect(await check.page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(await check.page.locator('img').count()).toBe(0);
    expect(await check.page.locator('h1').textContent()).toBe(`Title ${HOSTILE}`);
    expect(await check.page.locator('#sources').textContent()).toContain(`Publisher ${HOSTILE}`);
    expect(await check.page.locator('a[href^="javascript"]').count()).toBe(0);
    const { canvases } = await rendered(check.page);
    expect(canvases.map((c) => c.id)).toEqual(expect.arrayContaining(['chart-outcomes', 'chart-pareto-0']));
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    await check.page.close();
  });
});

describe('parley report without a batch', () => {
  it('explains what is missing and exits 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-report-empty-'));
    const r = parley(['report', empty, '-o', join(empty, 'r.html')]);
    rmSync(empty, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/summary\.json does not exist/);
    expect(r.stderr).toMatch(/parley run <scenario> --runs N --out/);
  });
});
