// P7: the lineage view /runs/<id>/lineage in chromium, navigation start to interactive: the graph
// drawn and the main thread then free (no long task for 500 ms; interactive = the later of the
// graph painted and the end of the last long task), confirmed by timing a "Zoom in" click. And
// GET /api/trials/:id/ancestors of the deepest trial of the long chain, checked for its length.
import type { Browser } from "@playwright/test";
import { lineageShape, trialIdOf } from "./data";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { longest, longTasks, loadUntil, navTiming, timeClick, transferred, waitQuiet } from "./page-timing";
import { median, round, summarize } from "./stats";

const TTI_MS = 2000;
/** A Zoom-in click to the redraw (issue 15: a zoom or pan step < 100 ms). */
const ZOOM_MS = 100;
const ANCESTORS_MS = 20;
const DRAWN =
  '[data-testid="lineage-svg"] [data-testid="lineage-node"], [data-testid="lineage-svg"] [data-testid="lineage-cluster"], [data-testid="lineage-svg"] [data-testid="lineage-region"]';

type Sample = {
  drawnMs: number;
  interactiveMs: number;
  quiet: boolean;
  zoomMs: number;
  detailMs: number | null;
  bytes: number;
  longestTaskMs: number;
  htmlMs: number;
  counts: string;
};

async function loadOnce(browser: Browser, url: string): Promise<Sample> {
  const loaded = await loadUntil(browser, url, { drawn: DRAWN }, 120_000);
  try {
    const { page } = loaded;
    const drawnMs = loaded.marks.drawn.shown;
    const q = await waitQuiet(page, 500, 20_000);
    const zoomMs = await timeClick(page, { button: 'button[aria-label="Zoom in"]', watch: '[data-testid="lineage-svg"] > g' });
    // The redraw at the new zoom is the transform; the level of detail for it follows once the view settles.
    const detailMs = await detailAfterZoom(page);
    const [t, tasks, nav, counts] = await Promise.all([
      transferred(page),
      longTasks(page),
      navTiming(page),
      page.evaluate(`document.querySelector('[data-testid="lineage-counts"]')?.textContent ?? ""`) as Promise<string>,
    ]);
    return {
      drawnMs,
      interactiveMs: Math.max(drawnMs, q.lastLongTaskEnd),
      quiet: q.quiet,
      zoomMs,
      detailMs,
      bytes: t.documentBytes + t.resourceBytes,
      longestTaskMs: longest(tasks),
      htmlMs: nav.responseEnd,
      counts,
    };
  } finally {
    await loaded.close();
  }
}

/**
 * A Zoom-in click to the level of detail for the new view drawn: once the previous click's answer
 * has landed (the frame's data-answer-k is the drawn zoom), the time from the next click until the
 * answer for its zoom is drawn. Null when the answer is the whole graph (mode "all": nothing is asked).
 */
async function detailAfterZoom(page: import("@playwright/test").Page): Promise<number | null> {
  const mode = await page.evaluate(`document.querySelector('[data-testid="lineage-counts"]')?.getAttribute("data-mode") ?? ""`);
  if (mode === "all") return null;
  const scale = `(() => Number(document.querySelector('[data-testid="lineage-svg"] > g').getAttribute("transform").match(/scale\\(([^)]+)\\)/)[1]))()`;
  const answered = `(() => { const f = document.querySelector('[data-testid="lineage-frame"]'); return f.getAttribute("aria-busy") === "false" && Math.abs(Number(f.getAttribute("data-answer-k")) / ${scale} - 1) < 1e-9; })()`;
  await page.waitForFunction(answered, undefined, { timeout: 30_000 });
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const frame = document.querySelector('[data-testid="lineage-frame"]');
    const button = document.querySelector('button[aria-label="Zoom in"]');
    const k0 = Number(frame.getAttribute("data-answer-k"));
    const t0 = performance.now();
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error("no answer for the zoomed view within 30 s")); }, 30000);
    const mo = new MutationObserver(() => {
      const k = Number(frame.getAttribute("data-answer-k"));
      if (k === k0 || Math.abs(k / ${scale} - 1) > 1e-9) return;
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    mo.observe(frame, { attributes: true, attributeFilter: ["data-answer-k"] });
    button.click();
  })`)) as number;
}

async function measureAncestors(base: string, chain: { runId: string; size: number }, reps: number) {
  const shape = lineageShape(chain.size);
  const tip = trialIdOf(chain.runId, shape.chainTip);
  const path = `/api/trials/${encodeURIComponent(tip)}/ancestors`;
  const first = await request(base, path, { keepText: true });
  if (first.status !== 200) throw new Error(`GET ${path}: ${first.status} ${first.text.slice(0, 200)}`);
  const items = (JSON.parse(first.text) as { items: string[] }).items;
  // The tip, the chain above it and the root the chain hangs from.
  const expected = shape.chainDepth + 1;
  const problem =
    items.length !== expected || !items.includes(trialIdOf(chain.runId, shape.root))
      ? `${items.length} ancestors returned, expected ${expected} ending at the root`
      : null;
  for (let i = 0; i < 10; i++) await request(base, path);
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) ms.push((await request(base, path)).ms);
  return { tip, depth: shape.chainDepth, returned: items.length, problem, ms: summarize(ms) };
}

export async function measureP7(
  browser: Browser,
  base: string,
  o: { views: { size: number; runId: string }[]; chain: { runId: string; size: number }; reps: number; ancestorReps: number },
): Promise<Figure> {
  const samples = new Map<number, Sample[]>(o.views.map((v) => [v.size, []]));
  for (let i = -1; i < o.reps; i++) {
    for (const v of o.views) {
      const s = await loadOnce(browser, `${base}/runs/${encodeURIComponent(v.runId)}/lineage`);
      if (i >= 0) samples.get(v.size)!.push(s);
    }
  }
  const perSize: Record<string, unknown> = {};
  const tti: Record<number, number> = {};
  for (const v of o.views) {
    const list = samples.get(v.size)!;
    tti[v.size] = median(list.map((s) => s.interactiveMs));
    perSize[v.size] = {
      interactiveMs: summarize(list.map((s) => s.interactiveMs)),
      drawnMs: summarize(list.map((s) => s.drawnMs)),
      zoomClickMs: summarize(list.map((s) => s.zoomMs)),
      /** a second Zoom-in click to the answer for the new view drawn (null: the graph is drawn whole, nothing is asked) */
      detailAfterZoomMs: list.some((s) => s.detailMs === null) ? null : summarize(list.map((s) => s.detailMs!)),
      htmlMs: round(median(list.map((s) => s.htmlMs))),
      longestTaskMs: round(Math.max(...list.map((s) => s.longestTaskMs))),
      quietEveryTime: list.every((s) => s.quiet),
      bytes: Math.round(median(list.map((s) => s.bytes))),
      counts: list[0].counts,
    };
  }
  const anc = await measureAncestors(base, o.chain, o.ancestorReps);
  const zoomMed = (size: number) => (perSize[size] as { zoomClickMs: { median: number } }).zoomClickMs.median;
  const viewsMet = o.views.every((v) => tti[v.size] < TTI_MS && zoomMed(v.size) < ZOOM_MS);
  const ancMet = anc.ms.p95 <= ANCESTORS_MS && !anc.problem;
  const met = viewsMet && ancMet;
  const views = o.views.map((v) => {
    const p = perSize[v.size] as { drawnMs: { median: number }; zoomClickMs: { median: number }; bytes: number };
    const detail = (perSize[v.size] as { detailAfterZoomMs: { median: number } | null }).detailAfterZoomMs;
    return `${fmt(v.size)}: interactive ${fmt(tti[v.size])} ms p50 (drawn ${fmt(p.drawnMs.median)}, zoom click ${fmt(p.zoomClickMs.median)} ms${detail ? `, its detail ${fmt(detail.median)} ms` : ""}, ${fmt(p.bytes / 1024)} KB)`;
  });
  const largestView = o.views[o.views.length - 1].size;
  return {
    id: "P7",
    what: "lineage view to interactive; ancestors of the long chain's deepest trial",
    value: tti[largestView],
    baseline: null,
    unit: "ms",
    goal: `interactive < ${TTI_MS} ms and a zoom click < ${ZOOM_MS} ms at every size (median); ancestors p95 <= ${ANCESTORS_MS} ms`,
    met,
    line:
      `P7 lineage view ${views.join("; ")} (goal < ${fmt(TTI_MS)} ms, zoom < ${ZOOM_MS} ms); ` +
      `ancestors of a ${fmt(anc.depth)}-deep trial: ${anc.returned} ids, p50 ${anc.ms.median.toFixed(2)} ms, p95 ${anc.ms.p95.toFixed(2)} ms (goal <= ${ANCESTORS_MS} ms)` +
      `${anc.problem ? ` PROBLEM: ${anc.problem}` : ""} ${verdict(met)}`,
    details: { reps: o.reps, perSize, viewsMet, ancestors: { ...anc, met: ancMet } },
  };
}
