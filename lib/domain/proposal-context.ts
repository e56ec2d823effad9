// Renders a proposal's context as text, modelled on what Auto-Research-Recipes' specialists saw
// (../shared/reference): who you are, the task and its budgets, the leaderboard, the current-best
// lineage, recent activity with outcomes and feedback, failure counts. Kept within a size budget
// by shortening lists, never by cutting mid-record; the trials shown are its context refs.
import type { LineageView, ViewTrial } from "./lineage-view";
import type { TaskRecord } from "./trace";

export type AgentInfo = { name: string; surface?: string; proposer: string };
export type RenderedContext = { text: string; refs: string[] };

const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? one.slice(0, n - 1) + "…" : one;
};
const fmt = (v: number | null | undefined) => (v == null ? "—" : Number(v.toFixed(6)).toString());
const signed = (v: number | null) => (v == null ? "" : `, Δ=${v > 0 ? "+" : ""}${fmt(v)}`);

function tag(t: ViewTrial, metric: string): string {
  const status = t.parentIds.length === 0 ? "baseline" : (t.failure ?? (t.kept ? "keep" : "discard"));
  const metricValue = t.score ?? t.metrics?.[metric];
  return `#${t.seq} [${t.agent ?? "—"}, ${status}${metricValue != null ? `, ${metric}=${fmt(metricValue)}` : ""}${t.failure ? "" : signed(t.delta)}]`;
}

export function renderContext(
  task: TaskRecord,
  agent: AgentInfo,
  view: LineageView,
  budgetChars = 16_000,
  limits = { recent: 12, top: 15, lineage: 40 },
): RenderedContext {
  const metric = task.metric.name;
  const refs = new Set<string>();
  const use = (t: ViewTrial) => (refs.add(t.id), t);
  const surface = task.surfaces?.find((s) => s.name === agent.surface);
  const b = task.budgets ?? {};
  const out: string[] = [];
  out.push(`# Proposal context`);
  out.push(
    `You are specialist **${agent.name}**${surface ? `, owning surface \`${surface.name}\` (${surface.paths.join(", ")})${surface.description ? `: ${surface.description}` : ""}` : ""}.`,
  );
  out.push("", `## Task: ${task.name}`, task.description ?? "");
  out.push(`Metric: ${metric} (${task.metric.direction}${task.metric.unit ? `, ${task.metric.unit}` : ""}).`);
  const budgetText = [
    b.wallclockSeconds && `wall-clock ${b.wallclockSeconds} s`,
    b.artifactBytes && `artifact ${b.artifactBytes} bytes`,
    b.memoryBytes && `memory ${b.memoryBytes} bytes`,
  ]
    .filter(Boolean)
    .join(", ");
  if (budgetText) out.push(`Budgets (enforced by the harness): ${budgetText}.`);
  if (task.gates?.length) out.push(`Gates: ${task.gates.map((g) => `${g.metric} ${g.op} ${g.value}`).join(", ")}.`);
  if (task.protectedPaths?.length) out.push(`Protected paths (an edit touching them is illegal and never runs): ${task.protectedPaths.join(", ")}.`);
  if (view.baseline) out.push("", `Baseline: ${tag(use(view.baseline), metric)}`);

  if (view.feedback === "none") {
    out.push("", "(Control run: earlier outcomes are not shown. Propose an edit to the baseline.)");
  } else {
    if (view.best)
      out.push(`Current best: **#${use(view.best).seq}** (${metric}=${fmt(view.best.score)}) by ${view.best.agent ?? "—"}: ${clip(view.best.hypothesis, 200)}`);
    if (view.top.length > 0) {
      out.push("", "## Top kept trials", "", `| # | ${metric} | Δ | agent | hypothesis |`, "|---|---|---|---|---|");
      for (const t of view.top.slice(0, limits.top))
        out.push(`| ${use(t).seq} | ${fmt(t.score)} | ${fmt(t.delta)} | ${t.agent ?? "—"} | ${clip(t.hypothesis, 100)} |`);
    }
    if (view.bestLineage.length > 0) {
      out.push("", "## Current-best lineage (root → best)", "```");
      const chain = view.bestLineage.length > limits.lineage ? [view.bestLineage[0], ...view.bestLineage.slice(-limits.lineage + 1)] : view.bestLineage;
      chain.forEach((t, i) => out.push(`${i === 0 ? "" : " └─ "}${tag(use(t), metric)} ${clip(t.hypothesis, 120)}${t.id === view.best?.id ? " ← BEST" : ""}`));
      out.push("```");
    }
    if (view.recent.length > 0) {
      out.push("", `## Recent activity (most recent ${Math.min(limits.recent, view.recent.length)})`);
      for (const t of view.recent.slice(0, limits.recent)) {
        out.push(`- ${tag(use(t), metric)} ${clip(t.hypothesis, 160)}`);
        const note = t.failure ? `${t.failure}: ${t.failureDetail ?? ""}` : t.feedback;
        if (note) out.push(`  └─ ${clip(note, 160)}`);
      }
    }
    const counts = Object.entries(view.labelCounts).filter(([, n]) => n > 0);
    if (counts.length > 0) out.push("", `## Failure labels so far`, counts.map(([l, n]) => `${l} ${n}`).join(" · "));
  }
  out.push(
    "",
    "## Your task this session",
    `Propose one edit${surface ? ` within ${surface.paths.join(", ")}` : ""}: a one-paragraph hypothesis saying why it should improve ${metric}, and the edit as a unified diff against the parent's code.`,
  );
  const text = out.join("\n");
  if (text.length > budgetChars && (limits.recent > 3 || limits.top > 3 || limits.lineage > 5)) {
    return renderContext(task, agent, view, budgetChars, {
      recent: Math.max(3, limits.recent >> 1),
      top: Math.max(3, limits.top >> 1),
      lineage: Math.max(5, limits.lineage >> 1),
    });
  }
  return { text: text.length > budgetChars ? text.slice(0, budgetChars - 1) + "…" : text, refs: [...refs] };
}
