import { defineConfig } from 'vitest/config';

/**
 * Test files that start the built CLI (bin/parley.js runs dist/), batches on worker threads, or
 * load dist/ modules. They need the global setup's build and take minutes on 2 cores.
 */
const cli = [
  'test/analysis/optimize-cli.test.ts',
  'test/analysis/sensitivity-analysis.test.ts',
  'test/analysis/sensitivity-cli.test.ts',
  'test/cli/backtest.test.ts',
  'test/cli/package-entry-points.test.ts',
  'test/cli/validate-and-run.test.ts',
  'test/cli/yaml-scenarios.test.ts',
  'test/hardening/bad-fixtures.test.ts',
  'test/hardening/batch-arguments.test.ts',
  'test/hardening/batch-failures.test.ts',
  'test/hardening/batch-interrupt.test.ts',
  'test/hardening/batch-kill.test.ts',
  'test/hardening/batch-write-failures.test.ts',
  'test/hardening/generated-scenarios.test.ts',
  'test/hardening/input-files.test.ts',
  'test/hardening/limits.test.ts',
  'test/hardening/mutated-scenarios.test.ts',
  'test/lint/authoring-commands.test.ts',
  'test/montecarlo/batch-cli.test.ts',
  'test/montecarlo/no-detached-buffers.test.ts',
  'test/scenario/compile-source.test.ts',
  'test/scenarios/golden-batches.test.ts',
  'test/scenarios/shipped-scenarios.test.ts',
  'test/ui/advisor-pool.test.ts',
  'test/ui/explore-live-batch.test.ts',
  'test/ui/play-cli.test.ts',
];

/**
 * In-process differential tests that compare the fast paths with their references over thousands of
 * runs (transition memo against XState, generated sites against the generic engine, compiled
 * expressions against cel-js): no build or child process, but most of a unit run's time.
 */
const differential = ['test/engine/transition-memo.test.ts', 'test/engine/generated-sites.test.ts', 'test/scenario/compile-closure.test.ts'];

/** Test files that drive the built CLI through a real terminal (tmux) or a browser (Chromium). */
const e2e = ['test/ui/play-terminal.e2e.test.ts', 'test/analysis/report-html.test.ts', 'test/ui/explore-terminal.e2e.test.ts'];

// Children get test/run-child.ts's 240 s timeout each; a test or hook may start several.
const spawning = { globalSetup: ['test/global-setup.ts'], testTimeout: 600_000, hookTimeout: 900_000 };

/**
 * `npm test` runs every project; `npm run test:unit` only the fast one (no build, no child
 * processes), `npm run test:differential`, `npm run test:cli` and `npm run test:e2e` the others. A test file that is in no list
 * here is a unit test; run-child.ts refuses to start a child process from the unit project.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...cli, ...e2e, ...differential], env: { PARLEY_TEST_PROJECT: 'unit' } },
      },
      { extends: true, test: { name: 'differential', include: differential, env: { PARLEY_TEST_PROJECT: 'unit' } } },
      { extends: true, test: { name: 'cli', include: cli, ...spawning } },
      { extends: true, test: { name: 'e2e', include: e2e, ...spawning } },
    ],
  },
});
