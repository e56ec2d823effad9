// The requests the read figures send: list pages reached the way the UI reaches them (following
// nextCursor), trial details, and a mix of every read surface for the memory figure.
import { lineageShape, trialIdOf } from "./data";
import { getJson } from "./http";
import type { Rng } from "./prng";

type TrialPage = { items: unknown[]; nextCursor: string | null };

export const trialsPath = (runId: string, query = "") => `/api/runs/${encodeURIComponent(runId)}/trials${query ? `?${query}` : ""}`;
export const trialPath = (runId: string, seq: number) => `/api/trials/${encodeURIComponent(trialIdOf(runId, seq))}`;

/** The paths of the first `pages` pages of a list, each page's cursor taken from the page before. */
async function pagePaths(base: string, runId: string, query: string, pages: number): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const q: string = [query, cursor ? `cursor=${encodeURIComponent(cursor)}` : ""].filter(Boolean).join("&");
    const path = trialsPath(runId, q);
    paths.push(path);
    cursor = (await getJson<TrialPage>(base, path)).nextCursor;
    if (!cursor) break;
  }
  return paths;
}

/** P9's reads: half list pages (the first and the ones after it), half trial details. */
export async function listAndDetailReads(base: string, runId: string, trials: number) {
  const pages = await pagePaths(base, runId, "", 20);
  return (rng: Rng) => (rng.chance(0.5) ? rng.pick(pages) : trialPath(runId, rng.int(1, trials)));
}

/** P11's mix: every read surface, weighted roughly as a person browsing a large run would use them. */
export async function mixedReads(base: string, runId: string, trials: number) {
  const shape = lineageShape(trials);
  const seqPages = await pagePaths(base, runId, "", 20);
  const scorePages = await pagePaths(base, runId, "sort=score", 10);
  const failedPages = await pagePaths(base, runId, "failure=any", 5);
  const otherPages = [
    trialsPath(runId, "limit=500"),
    trialsPath(runId, `agent=${encodeURIComponent(`${runId}-a1`)}`),
    trialsPath(runId, "sort=score&limit=200"),
  ];
  const special = [shape.root, shape.hub, shape.chainTip].map((seq) => trialPath(runId, seq));
  const fixed = [`/api/runs/${encodeURIComponent(runId)}`, "/api/runs", "/api/tasks", "/", "/api/health"];
  return (rng: Rng): string => {
    const r = rng.next();
    if (r < 0.35) return trialPath(runId, rng.int(1, trials));
    if (r < 0.55) return rng.pick(seqPages);
    if (r < 0.65) return rng.pick(scorePages);
    if (r < 0.7) return rng.pick(failedPages);
    if (r < 0.75) return rng.pick(otherPages);
    if (r < 0.8) return rng.pick(special);
    return rng.pick(fixed);
  };
}
