/**
 * The HTML report: `fit --report` on a binary, a multiclass and a regression dataset opened in
 * headless Chromium (each plot rendered: its SVG marks counted), no network reference in the
 * file and no request made; `thicket report` on a single GBDT, a forest and an imported XGBoost model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launch, type Browser } from '../runtime/chromium.js';
import { DATA, ROOT, expectSuccess, requireBuild, scratchDir, thicket } from '../cli/run-cli.js';

requireBuild();

interface Case { name: string; train: string; test: string; target: string; plots: string[] }

const COMMON = ['search-progress', 'leaderboard', 'ensemble', 'importance-gain', 'importance-permutation'];
const CASES: Case[] = [
  { name: 'binary', train: 'breast_cancer', test: 'breast_cancer', target: 'diagnosis', plots: [...COMMON, 'roc', 'precision-recall', 'calibration', 'confusion', 'learning-curves'] },
  { name: 'multiclass', train: 'penguins', test: 'penguins', target: 'species', plots: [...COMMON, 'confusion', 'learning-curves'] },
  { name: 'regression', train: 'diabetes', test: 'diabetes', target: 'progression', plots: [...COMMON, 'predicted-actual', 'residuals', 'learning-curves'] },
];

/** Fits with a small trial budget and writes the report; returns its path. */
function fitReport(c: Case, dir: string): string {
  const out = join(dir, `${c.name}.html`);
  // gbdt only: forests are slower, a linear-only ensemble has no split importance, and gbdt members give learning curves.
  const r = thicket(['fit', join(DATA, `${c.train}.train.csv`), '--target', c.target, '--test', join(DATA, `${c.test}.test.csv`),
    '--trials', '6', '--workers', '1', '--learners', 'gbdt', '--out', join(dir, `${c.name}.json`), '--report', out], { cwd: dir });
  expectSuccess(r);
  expect(r.stderr).toMatch(/report written to .*\.html \(\d+ KB, [\d.]+s\)/);
  return out;
}

/** No URL of any scheme that fetches: the file must open offline. */
function expectNoNetwork(html: string): void {
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
}

describe('thicket fit --report', () => {
  const dir = scratchDir();
  const reports = new Map<string, string>();

  beforeAll(() => {
    for (const c of CASES) reports.set(c.name, fitReport(c, dir));
  }, 240_000);

  for (const c of CASES) {
    it(`${c.name}: one self-contained file with every plot and section`, () => {
      const html = readFileSync(reports.get(c.name)!, 'utf8');
      expectNoNetwork(html);
      for (const p of c.plots) expect(html, p).toContain(`data-plot="${p}"`);
      for (const s of ['Run', 'Search progress', 'Leaderboard', 'Ensemble', 'Feature importance', 'Diagnostics', 'Learning curves', 'Data']) expect(html).toContain(`>${s}`);
      expect(html).toContain('<td>interrupted</td><td>no</td>');
      expect(html).toMatch(/<td>budget<\/td><td>--trials 6<\/td>/);
    });
  }

  describe.skipIf(!chromiumAvailable())('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launch(); }, 60_000);
    afterAll(async () => { await browser?.close(); });

    for (const c of CASES) {
      it(`${c.name}: every plot draws its marks, and the page requests nothing`, async () => {
        const page = await browser.context.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.setContent(readFileSync(reports.get(c.name)!, 'utf8'), { waitUntil: 'load' });
        // Per plot: elements drawn by marks (groups Plot labels with the mark's name; axes, ticks and grids excluded), and their drawn size.
        const marks = await page.evaluate(`(() => Object.fromEntries([...document.querySelectorAll('figure[data-plot]')].map((f) => {
          const groups = [...f.querySelectorAll('svg g[aria-label]')].filter((g) => !/axis|tick|grid|label/.test(g.getAttribute('aria-label')));
          const shapes = groups.flatMap((g) => [...g.querySelectorAll('circle, path, rect, line, text')]);
          const box = f.querySelector('svg[viewBox]').getBoundingClientRect();
          const drawn = shapes.filter((s) => { const b = s.getBoundingClientRect(); return b.width > 0 || b.height > 0; }).length;
          return [f.dataset.plot, { shapes: shapes.length, drawn, width: box.width, height: box.height }];
        })))()`) as Record<string, { shapes: number; drawn: number; width: number; height: number }>;
        for (const p of c.plots) {
          expect(marks[p], `plot ${p}`).toBeDefined();
          expect(marks[p]!.drawn, `plot ${p}: ${JSON.stringify(marks[p])}`).toBeGreaterThan(0);
          expect(marks[p]!.width).toBeGreaterThan(100);
        }
        // A few exact mark counts: a leaderboard dot per entry, a confusion cell per class pair.
        const classes = c.name === 'binary' ? 2 : c.name === 'multiclass' ? 3 : 0;
        if (classes) {
          const cells = await page.evaluate(`document.querySelectorAll('figure[data-plot="confusion"] g[aria-label="cell"] rect').length`);
          expect(cells).toBe(classes * classes);
        }
        const dots = await page.evaluate(`document.querySelectorAll('figure[data-plot="leaderboard"] g[aria-label="dot"] circle').length`) as number;
        expect(dots).toBeGreaterThanOrEqual(2);
        expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
        await page.close();
      });
    }
  });
});

describe('thicket report', () => {
  const dir = scratchDir();

  it('a single GBDT model with a labelled file: importance, diagnostics, learning curve, data summary', () => {
    expectSuccess(thicket(['train', join(DATA, 'penguins.train.csv'), '--target', 'species', '--valid', join(DATA, 'penguins.test.csv'),
      '--param', 'num_boost_round=30', '--out', 'g.json'], { cwd: dir }));
    const r = thicket(['report', 'g.json', '--data', join(DATA, 'penguins.test.csv'), '--out', 'g.html'], { cwd: dir });
    expectSuccess(r);
    const html = readFileSync(join(dir, 'g.html'), 'utf8');
    expectNoNetwork(html);
    for (const p of ['importance-gain', 'importance-permutation', 'confusion', 'learning-curves']) expect(html).toContain(`data-plot="${p}"`);
    expect(html).not.toContain('data-plot="leaderboard"');
    expect(html).toContain('<td>island</td><td>categorical</td>');
  });

  it('a forest, written to stdout with --out -', () => {
    expectSuccess(thicket(['train', join(DATA, 'diabetes.train.csv'), '--target', 'progression', '--learner', 'rf', '--param', 'n_estimators=20', '--out', 'f.json'], { cwd: dir }));
    const r = thicket(['report', 'f.json', '--data', join(DATA, 'diabetes.test.csv'), '--out', '-'], { cwd: dir });
    expectSuccess(r);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    for (const p of ['importance-gain', 'predicted-actual', 'residuals']) expect(r.stdout).toContain(`data-plot="${p}"`);
  });

  it('an imported XGBoost model, the target named with --target', () => {
    const r = thicket(['report', join(ROOT, 'test/fixtures/xgb-models/diabetes_reg.json'), '--data', join(ROOT, 'test/fixtures/xgb-interop/data/diabetes.stress.csv'),
      '--target', 'progression', '--out', 'x.html'], { cwd: dir });
    expectSuccess(r);
    const html = readFileSync(join(dir, 'x.html'), 'utf8');
    expect(html).toContain('data-plot="predicted-actual"');
    expect(html).toContain('data-plot="importance-gain"');
  });

  it('a data file without the target column fails naming it', () => {
    const r = thicket(['report', join(ROOT, 'test/fixtures/xgb-models/diabetes_reg.json'), '--data', join(DATA, 'diabetes.test.csv')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has no target column 'label'");
  });
});
