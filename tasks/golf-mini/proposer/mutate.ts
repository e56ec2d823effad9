// builtin:mutate — an offline proposer for the built-in task. It reads the lineage the way a
// careful researcher would: build on the best, rescue promising trials that only failed on size by
// shrinking them, avoid edits that crashed, and combine two good edits from different branches.
// With feedback "none" it sees only the baseline, so it can only try single edits to it.
// Loaded by the runner through this task's task.json (proposers: builtin:mutate), never imported by
// lib/: the edit tools come in through the kit, so this file names lib/ for types only.
import type { Files } from "../../../lib/evaluator/files";
import type { ViewTrial } from "../../../lib/domain/lineage-view";
import type { Proposal, ProposalRequest, Proposer, ProposerKit } from "../../../lib/runner/proposers/types";
import { applicableMoves, fileOfSurface, type Move } from "./golf-moves";

type Surface = "model" | "codec";
const SURFACES: Surface[] = ["model", "codec"];
const FAILED = new Set(["crash", "invalid_result", "budget_overrun", "patch_failure"]);

function pickWeighted<T>(rand: () => number, items: T[], weight: (t: T) => number): T | undefined {
  const total = items.reduce((s, t) => s + weight(t), 0);
  if (total <= 0) return undefined;
  let x = rand() * total;
  for (const t of items) if ((x -= weight(t)) < 0) return t;
  return items[items.length - 1];
}

function edit(parent: Files, surface: Surface, move: Move): Files {
  const file = fileOfSurface(surface);
  return new Map(parent).set(file, move.apply(parent.get(file)!));
}

/** The task's proposer module: the runner calls this with its edit tools. */
export function createProposer(kit: ProposerKit): Proposer {
  return new MutateProposer(kit);
}

class MutateProposer implements Proposer {
  readonly spec = "builtin:mutate";
  constructor(private readonly kit: ProposerKit) {}

  async propose(req: ProposalRequest): Promise<Proposal> {
    if (!req.parent.files.has("model.mjs") || !req.parent.files.has("codec.mjs")) {
      throw new this.kit.ProposalError("builtin:mutate knows the built-in golf-mini recipe only; use command:<cmd> or openai:<model> for other tasks");
    }
    const surface: Surface = (SURFACES as string[]).includes(req.agent.surface ?? "") ? (req.agent.surface as Surface) : SURFACES[Math.floor(req.rand() * 2)];
    const { view, rand } = req;
    if (view.feedback === "none") return this.single(req, surface, req.parent.id, req.parent.files, new Set(), new Map());

    const recent = view.recent;
    // What the lineage says about each edit: the ones that failed for real are avoided, the ones
    // that improved are preferred.
    const avoid = new Set(recent.filter((t) => t.failure && FAILED.has(t.failure) && t.move).map((t) => t.move!));
    const wins = new Map<string, number>();
    for (const t of [...view.top, ...recent]) if (t.move && t.kept) wins.set(t.move, (wins.get(t.move) ?? 0) + 1);

    const combination = rand() < 0.2 ? this.combine(req) : undefined;
    if (combination) return combination;

    const bestScore = view.best?.score ?? null;
    const budget = req.task.record.budgets?.artifactBytes;
    // Trials whose score beat the best but whose artifact was over budget: shrink them into range.
    const rescuable = recent.filter(
      (t) => t.failure === "size_failure" && t.move !== "rescue" && bestScore !== null && (t.metrics?.[req.task.record.metric.name] ?? Infinity) < bestScore,
    );
    if (surface === "codec" && rescuable.length > 0 && rand() < 0.7) {
      const target = rescuable[Math.floor(rand() * rescuable.length)];
      const files = req.codeOf(target.id);
      if (files) {
        const p = await this.single(req, surface, target.id, files, avoid, wins, "shrink");
        return {
          ...p,
          hypothesis: `Rescue #${target.seq} (${target.failureDetail ?? "over the artifact budget"}), whose val_bpb beat the best: ${p.hypothesis}`,
        };
      }
    }
    const parent = this.pickParent(req);
    const nearBudget = budget !== undefined && (parent.view?.artifactBytes ?? 0) > budget * 0.85;
    return this.single(req, surface, parent.id, parent.files, avoid, wins, nearBudget ? "shrink" : undefined);
  }

  private pickParent(req: ProposalRequest): { id: string; files: Files; view?: ViewTrial } {
    const { view, rand } = req;
    const others = view.top.filter((t) => t.id !== view.best?.id).slice(0, 4);
    if (others.length > 0 && rand() < 0.25) {
      const t = others[Math.floor(rand() * others.length)];
      const files = req.codeOf(t.id);
      if (files) return { id: t.id, files, view: t };
    }
    // Among trials that tie the best score, build on the smallest artifact: a codec edit that
    // only saves bytes does not beat the best, yet it is the better base for growing the model.
    const best = view.best;
    const ties = [...view.top, ...view.recent].filter(
      (t) => best && t.id !== best.id && !t.failure && t.score === best.score && (t.artifactBytes ?? Infinity) < (best.artifactBytes ?? Infinity),
    );
    const smallest = ties.sort((a, b) => (a.artifactBytes ?? 0) - (b.artifactBytes ?? 0))[0];
    const files = smallest && req.codeOf(smallest.id);
    if (smallest && files) return { id: smallest.id, files, view: smallest };
    return { id: req.parent.id, files: req.parent.files, view: best ?? undefined };
  }

  private async single(
    req: ProposalRequest,
    surface: Surface,
    parentId: string,
    parent: Files,
    avoid: Set<string>,
    wins: Map<string, number>,
    prefer?: "shrink",
  ): Promise<Proposal> {
    const moves = applicableMoves(parent, surface).filter((m) => !avoid.has(m.key));
    const move = pickWeighted(
      req.rand,
      moves,
      (m) => (1 + (wins.get(m.key) ?? 0)) * (prefer === "shrink" ? (m.kind === "shrink" ? 4 : m.kind === "grow" ? 0.2 : 1) : 1),
    );
    if (!move) throw new this.kit.ProposalError(`no edit left to try on the ${surface} surface of trial ${parentId}`);
    const after = edit(parent, surface, move);
    return {
      hypothesis: move.hypothesis(parent.get(fileOfSurface(surface))!),
      parentIds: [parentId],
      diff: this.kit.diffRecipes(parent, after),
      domain: surface === "model" ? "architecture" : "compression",
      extra: { move: move.key },
    };
  }

  /** Best + the edit of a kept trial from another branch, re-applied on top of the best. */
  private combine(req: ProposalRequest): Proposal | undefined {
    const { view, rand } = req;
    const inLineage = new Set(view.bestLineage.map((t) => t.id));
    const candidates = [...view.top, ...view.recent].filter((t) => t.kept && t.diff && !inLineage.has(t.id) && t.parentIds.length > 0);
    if (!view.best || candidates.length === 0) return undefined;
    const other = candidates[Math.floor(rand() * candidates.length)];
    // Only edits within this agent's own surface: a specialist does not edit another's files.
    const checked = this.kit.checkEdit(other.diff!, { protectedPaths: req.task.record.protectedPaths ?? [], surfacePaths: req.agent.surfacePaths });
    if (!checked.ok) return undefined;
    const applied = this.kit.applyEdit(req.parent.files, checked.patches, { fuzzFactor: 2 });
    if (!applied.ok) return undefined;
    const diff = this.kit.diffRecipes(req.parent.files, applied.files);
    if (!diff) return undefined;
    return {
      hypothesis: `Combine the best (#${view.best.seq}) with the edit of #${other.seq} (${other.agent ?? "—"}, Δ=${other.delta ?? "?"} on its own parent): "${other.hypothesis.slice(0, 160)}". The two edits come from different branches, so their gains should add.`,
      parentIds: [req.parent.id, other.id],
      diff,
      extra: { move: "combine", combined: [view.best.id, other.id] },
    };
  }
}
