// P8: the trial page's diff view for an 8 KB diff, a 2 MB diff and a diff of one 1 MB line. Judged:
// navigation start to the diff drawn (diff2html's file block painted) on /trials/<id>, each load a
// first visit, and no long task over the budget (a frozen tab), the large ones showing the capping
// notice. Baseline: a plain <pre> page of the same bytes in the same browser (navigation start to
// its end painted). Also timed: the diff view redrawing on its own when switched between line by
// line and side by side, which separates the diff's cost from the page's.
import type { Browser } from "@playwright/test";
import { trialIdOf } from "./data";
import { DIFF_CASES, type DiffCase } from "./diff-cases";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { longest, longTasks, loadUntil, navTiming, timeClick, waitQuiet } from "./page-timing";
import { median, round, summarize } from "./stats";

const goalMs = (c: DiffCase) => (c.key === "8KB" ? 100 : 500);
/** A long task longer than this is a frozen tab: the page does not answer input meanwhile. */
const FROZEN_MS = 500;
const REDRAW_LIMIT_MS = 30_000;
const DRAWN = '[data-testid="diff-rich"] .d2h-file-wrapper';

type PageSample = { ms: number; htmlMs: number; longestTaskMs: number; capped: boolean; redrawMs: number[] };

async function trialPageOnce(browser: Browser, url: string): Promise<PageSample> {
  const loaded = await loadUntil(browser, url, { diff: DRAWN });
  try {
    const { page } = loaded;
    const ms = loaded.marks.diff.shown;
    await waitQuiet(page, 300, 20_000);
    const redrawMs: number[] = [];
    for (const text of ["Side by side", "Line by line"]) {
      // A redraw slower than the limit is recorded as the limit (a lower bound), not a lost figure.
      const ms = await timeClick(page, {
        button: '[data-testid="diff-view"] .diff-toolbar button',
        text,
        watch: '[data-testid="diff-rich"]',
        timeoutMs: REDRAW_LIMIT_MS,
      }).catch((e: Error) => {
        if (!/no change within the time limit/.test(e.message)) throw e;
        return REDRAW_LIMIT_MS;
      });
      redrawMs.push(ms);
      await waitQuiet(page, 300, 20_000);
    }
    const [tasks, nav, capped] = await Promise.all([
      longTasks(page),
      navTiming(page),
      page.evaluate(`!!document.querySelector('[data-testid="diff-capped"]')`) as Promise<boolean>,
    ]);
    return { ms, htmlMs: nav.responseEnd, longestTaskMs: longest(tasks), capped, redrawMs };
  } finally {
    await loaded.close();
  }
}

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The same bytes as a static page holding one <pre>, served by the browser itself (no server time). */
async function prePageOnce(browser: Browser, url: string, html: string): Promise<{ ms: number; longestTaskMs: number }> {
  const loaded = await loadUntil(browser, url, { end: "#bench-end" }, 60_000, (context) =>
    context.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html })),
  );
  try {
    await waitQuiet(loaded.page, 300, 20_000);
    return { ms: loaded.marks.end.shown, longestTaskMs: longest(await longTasks(loaded.page)) };
  } finally {
    await loaded.close();
  }
}

export async function measureP8(browser: Browser, base: string, runId: string, reps: number): Promise<Figure> {
  const perCase: Record<string, unknown> = {};
  const lines: string[] = [];
  let met = true;
  for (const c of DIFF_CASES) {
    const id = trialIdOf(runId, c.seq);
    const raw = await request(base, `/api/trials/${encodeURIComponent(id)}/diff`, { keepText: true });
    if (raw.status !== 200) throw new Error(`GET the raw diff of ${id}: ${raw.status}`);
    const url = `${base}/trials/${encodeURIComponent(id)}`;
    const preUrl = `${base}/__bench/pre/${c.key}`;
    const preHtml = `<!doctype html><html><head><meta charset="utf-8"><title>pre</title></head><body><pre>${escapeHtml(raw.text)}</pre><i id="bench-end"></i></body></html>`;
    const pages: PageSample[] = [];
    const pres: { ms: number; longestTaskMs: number }[] = [];
    for (let i = -1; i < reps; i++) {
      const p = await trialPageOnce(browser, url);
      const b = await prePageOnce(browser, preUrl, preHtml);
      if (i >= 0) (pages.push(p), pres.push(b));
    }
    const load = summarize(pages.map((p) => p.ms));
    const redraw = summarize(pages.flatMap((p) => p.redrawMs));
    const pre = summarize(pres.map((p) => p.ms));
    const longestTaskMs = round(Math.max(...pages.map((p) => p.longestTaskMs)));
    const capped = pages.every((p) => p.capped);
    const caseMet = load.median <= goalMs(c) && longestTaskMs <= FROZEN_MS && (c.key === "8KB" || capped);
    met &&= caseMet;
    perCase[c.key] = {
      chars: raw.text.length,
      goalMs: goalMs(c),
      met: caseMet,
      loadMs: load,
      redrawMs: redraw,
      preBaselineMs: pre,
      htmlMs: round(median(pages.map((p) => p.htmlMs))),
      longestTaskMs,
      preLongestTaskMs: round(Math.max(...pres.map((p) => p.longestTaskMs))),
      capped,
    };
    lines.push(
      `${c.what}: ${fmt(load.median)} ms p50 / ${fmt(load.p95)} p95 to drawn (goal <= ${goalMs(c)}), redraw ${fmt(redraw.median)} ms, ` +
        `<pre> ${fmt(pre.median)} ms, longest task ${fmt(longestTaskMs)} ms${c.key === "8KB" ? "" : capped ? ", capped" : ", NOT capped"}`,
    );
  }
  return {
    id: "P8",
    what: "trial page diff view: navigation start to the diff drawn",
    value: (perCase["8KB"] as { loadMs: { median: number } }).loadMs.median,
    baseline: (perCase["8KB"] as { preBaselineMs: { median: number } }).preBaselineMs.median,
    unit: "ms",
    goal: `8 KB <= 100 ms; 2 MB and one 1 MB line capped, <= 500 ms; no long task > ${FROZEN_MS} ms (medians)`,
    met,
    line: `P8 diff view ${lines.join("; ")} ${verdict(met)}`,
    details: { reps, frozenTaskMs: FROZEN_MS, perCase },
  };
}
