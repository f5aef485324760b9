/**
 * Static SVG plots for the HTML report, rendered in Node by Observable Plot on a linkedom
 * document (no browser, no network). Both libraries load on first use, so the CLI and the
 * library do not pay for them unless a report is written.
 *
 * Chosen over vega + vega-lite 5.x: smaller installed, faster per plot and smaller SVG
 * (BENCHMARKS.md section 7, "Plotting library").
 */
import type * as PlotModule from '@observablehq/plot';

type PlotLib = typeof PlotModule;
export type Marks = PlotModule.Markish[];
export type PlotOptions = PlotModule.PlotOptions;

let loaded: { Plot: PlotLib; parseHTML: (html: string) => { document: Document } } | undefined;

/** Loads Observable Plot and linkedom once. */
export async function plotLib(): Promise<PlotLib> {
  if (!loaded) {
    const [Plot, linkedom] = await Promise.all([import('@observablehq/plot'), import('linkedom')]);
    loaded = { Plot, parseHTML: linkedom.parseHTML as unknown as (html: string) => { document: Document } };
  }
  return loaded.Plot;
}

/**
 * One plot as HTML (an <svg>, or a <figure> holding a legend and the <svg>), wrapped in a
 * <figure class="chart" data-plot="name"> with a caption; the report's browser test finds plots
 * by data-plot and counts their marks.
 */
export async function renderPlot(name: string, caption: string, options: PlotOptions): Promise<string> {
  await plotLib();
  const { document } = loaded!.parseHTML('<!doctype html><html><body></body></html>');
  const el = loaded!.Plot.plot({ style: { background: 'white' }, ...options, document }) as unknown as { outerHTML: string };
  return `<figure class="chart" data-plot="${name}">${el.outerHTML}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
