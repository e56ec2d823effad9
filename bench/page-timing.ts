// Timing pages in the browser by the page's own clock. A script injected before any of the page's
// own records, for each named CSS selector, when it first matches (a MutationObserver, so no
// polling delay) and when the frame holding it has been painted (the next animation frame, then a
// task), plus every long task (> 50 ms of main thread). performance.now() counts from the
// navigation's start, so a mark is "navigation start to drawn".
// The in-page code is kept as strings: functions handed to the browser would be serialised as
// their source, and tsx adds helpers to that source which do not exist in the page.
import type { Browser, BrowserContext, Page } from "@playwright/test";

type Mark = { seen: number; shown: number };
type LongTask = { start: number; duration: number };
type Transfer = { documentBytes: number; resourceBytes: number; requests: number };
type Loaded = { context: BrowserContext; page: Page; marks: Record<string, Mark>; close: () => Promise<void> };

const VIEWPORT = { width: 1280, height: 800 };

function initScript(selectors: Record<string, string>): string {
  return `(() => {
  if (window.top !== window) return;
  const pending = new Map(Object.entries(${JSON.stringify(selectors)}));
  const bench = { marks: {}, longtasks: [] };
  Object.defineProperty(window, "__bench", { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {
    bench.noLongtasks = String(e);
  }
  let observer = null;
  const check = () => {
    for (const [name, selector] of pending) {
      if (!document.querySelector(selector)) continue;
      pending.delete(name);
      const seen = performance.now();
      requestAnimationFrame(() => setTimeout(() => { bench.marks[name] = { seen, shown: performance.now() }; }, 0));
    }
    if (pending.size === 0 && observer) observer.disconnect();
  };
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", check);
})();`;
}

/**
 * Opens `url` in a fresh context (empty cache, as a first visit) and waits until every selector
 * has matched and been painted; `prepare` may set the context up first (e.g. routes). The caller closes it.
 */
export async function loadUntil(
  browser: Browser,
  url: string,
  selectors: Record<string, string>,
  timeoutMs = 60_000,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<Loaded> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const close = () => context.close().catch(() => undefined);
  try {
    await prepare?.(context);
    const page = await context.newPage();
    await page.addInitScript({ content: initScript(selectors) });
    const marks = await navigate(page, url, Object.keys(selectors), timeoutMs);
    return { context, page, marks, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Navigates `page` (which carries the init script) to `url` and waits for the named marks. */
async function navigate(page: Page, url: string, names: string[], timeoutMs: number): Promise<Record<string, Mark>> {
  const response = await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
  if (!response || (response.status() !== 200 && response.status() !== 304)) throw new Error(`GET ${url}: ${response?.status() ?? "no answer"}`);
  const all = names.map((n) => `m[${JSON.stringify(n)}]`).join(" && ");
  await page
    .waitForFunction(`(() => { const m = window.__bench && window.__bench.marks; return !!m && ${all}; })()`, undefined, { timeout: timeoutMs, polling: 25 })
    .catch(async (e: Error) => {
      const seen = await page.evaluate("window.__bench ? Object.keys(window.__bench.marks) : []").catch(() => []);
      throw new Error(`${url}: not drawn within ${timeoutMs} ms (seen: ${JSON.stringify(seen)}): ${e.message.split("\n")[0]}`);
    });
  return (await page.evaluate("window.__bench.marks")) as Record<string, Mark>;
}

/** The same page opened again in the same context: a repeat visit, with the browser's caches warm. */
export async function revisit(loaded: Loaded, url: string, timeoutMs = 60_000): Promise<Record<string, Mark>> {
  loaded.marks = await navigate(loaded.page, url, Object.keys(loaded.marks), timeoutMs);
  return loaded.marks;
}

/** Bytes on the wire so far (headers and compressed bodies): the document and every resource. */
export async function transferred(page: Page): Promise<Transfer> {
  return (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    let resourceBytes = 0;
    const res = performance.getEntriesByType("resource");
    for (const e of res) resourceBytes += e.transferSize;
    return { documentBytes: nav ? nav.transferSize : 0, resourceBytes, requests: res.length + 1 };
  })()`)) as Transfer;
}

export async function longTasks(page: Page): Promise<LongTask[]> {
  return (await page.evaluate("window.__bench.longtasks.slice()")) as LongTask[];
}

/**
 * Waits until the main thread has had no long task for `quietMs` (page clock) and returns the end
 * of the last long task (0 when there was none). Gives up after `maxMs`, returning what it saw.
 */
export async function waitQuiet(page: Page, quietMs = 500, maxMs = 15_000): Promise<{ lastLongTaskEnd: number; quiet: boolean }> {
  const started = Date.now();
  for (;;) {
    const s = (await page.evaluate(`(() => {
      const l = window.__bench.longtasks;
      const last = l.length ? l[l.length - 1].start + l[l.length - 1].duration : 0;
      return { now: performance.now(), last };
    })()`)) as { now: number; last: number };
    if (s.now - s.last >= quietMs) return { lastLongTaskEnd: s.last, quiet: true };
    if (Date.now() - started > maxMs) return { lastLongTaskEnd: s.last, quiet: false };
    await page.waitForTimeout(Math.max(25, quietMs - (s.now - s.last)));
  }
}

/**
 * Clicks the button matching `button` (and, when given, with exactly `text`) and returns the
 * milliseconds until `watch` changed (its children or attributes) and that change was painted.
 */
export async function timeClick(page: Page, o: { button: string; text?: string; watch: string; timeoutMs?: number }): Promise<number> {
  const q = JSON.stringify;
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const target = document.querySelector(${q(o.watch)});
    const button = Array.from(document.querySelectorAll(${q(o.button)})).find((b) => ${q(o.text ?? null)} === null || b.textContent.trim() === ${q(o.text ?? null)});
    if (!target || !button) return reject(new Error("nothing matches " + (target ? ${q(o.button)} : ${q(o.watch)})));
    const t0 = performance.now();
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error("no change within the time limit")); }, ${o.timeoutMs ?? 30_000});
    const mo = new MutationObserver(() => {
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    mo.observe(target, { attributes: true, childList: true });
    button.click();
  })`)) as number;
}

/** The longest of `tasks`, 0 when there are none. */
export const longest = (tasks: readonly LongTask[]) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);

export type NavTiming = { responseStart: number; responseEnd: number; domContentLoaded: number; firstContentfulPaint: number | null };

/** Where the time went: the document's first and last byte, DOMContentLoaded, first contentful paint. */
export async function navTiming(page: Page): Promise<NavTiming> {
  return (await page.evaluate(`(() => {
    const n = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return { responseStart: n.responseStart, responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, firstContentfulPaint: fcp ? fcp.startTime : null };
  })()`)) as NavTiming;
}
