// builtin:mutate for airbench-mini — an offline proposer that reads the lineage the way a careful
// researcher would: build on the best; take a recent failure on its own surface (a schedule that
// ended below the gate, a network that overran the budget, a rate that diverged) and try the edit
// that answers it on the failed code; avoid edits that just failed; prefer edits that improved.
// With feedback "none" it sees only the baseline, so it can only try single edits to it.
// Loaded by the runner through this task's task.json (proposers: builtin:mutate), never imported by
// lib/: the edit tools come in through the kit, so this file names lib/ for types only.
import type { Files } from "../../../lib/evaluator/files";
import type { ViewTrial } from "../../../lib/domain/lineage-view";
import type { Proposal, ProposalRequest, Proposer, ProposerKit } from "../../../lib/runner/proposers/types";
import { FIXES, SURFACES, applicableMoves, fileOfSurface, moveByKey, surfaceOfDiff, type Move, type Surface } from "./moves";

const FAILED = new Set(["crash", "invalid_result", "budget_overrun", "gate_miss"]);
const DOMAIN: Record<Surface, string> = { optimizer: "optimization", architecture: "architecture", data: "data" };

function pickWeighted<T>(rand: () => number, items: T[], weight: (t: T) => number): T | undefined {
  const total = items.reduce((s, t) => s + weight(t), 0);
  if (total <= 0) return undefined;
  let x = rand() * total;
  for (const t of items) if ((x -= weight(t)) < 0) return t;
  return items[items.length - 1];
}

/** The task's proposer module: the runner calls this with its edit tools. */
export function createProposer(kit: ProposerKit): Proposer {
  return new AirbenchMutate(kit);
}

class AirbenchMutate implements Proposer {
  readonly spec = "builtin:mutate";
  constructor(private readonly kit: ProposerKit) {}

  async propose(req: ProposalRequest): Promise<Proposal> {
    if (!SURFACES.every((s) => req.parent.files.has(fileOfSurface(s)))) {
      throw new this.kit.ProposalError("builtin:mutate knows the built-in airbench-mini recipe only; use command:<cmd> or openai:<model> for other tasks");
    }
    const surface: Surface = (SURFACES as string[]).includes(req.agent.surface ?? "")
      ? (req.agent.surface as Surface)
      : SURFACES[Math.floor(req.rand() * SURFACES.length)];
    const { view, rand } = req;
    if (view.feedback === "none") return this.single(req, surface, req.parent.id, req.parent.files, new Set(), new Map());

    // The lineage: edits that just failed are avoided on the best, edits that improved are preferred.
    const avoid = new Set(view.recent.filter((t) => t.failure && FAILED.has(t.failure) && t.move).map((t) => t.move!));
    const wins = new Map<string, number>();
    for (const t of [...view.top, ...view.recent]) if (t.move && t.kept) wins.set(t.move, (wins.get(t.move) ?? 0) + 1);

    const rescue = rand() < 0.6 ? this.rescue(req, surface) : undefined;
    if (rescue) return rescue;
    return this.single(req, surface, req.parent.id, req.parent.files, avoid, wins);
  }

  /** A recent failure on this surface, answered on its own code by an edit that fixes what failed. */
  private rescue(req: ProposalRequest, surface: Surface): Proposal | undefined {
    const rescued = new Set(req.view.recent.flatMap((t) => (t.move?.startsWith("fix:") ? t.parentIds.slice(0, 1) : [])));
    const failures = req.view.recent.filter(
      (t) => t.failure && FIXES[t.failure]?.[surface] && surfaceOfDiff(t.diff) === surface && !rescued.has(t.id) && t.move !== null,
    );
    const target = failures[Math.floor(req.rand() * failures.length)];
    const files = target && req.codeOf(target.id);
    if (!target || !files) return undefined;
    const fixes = FIXES[target.failure!]![surface]!.map(moveByKey).filter((m): m is Move => !!m && m.applies(files.get(fileOfSurface(surface))!));
    const move = fixes[Math.floor(req.rand() * fixes.length)];
    if (!move) return undefined;
    const p = this.proposal(req, surface, target.id, files, move, `fix:${move.key}`);
    return { ...p, hypothesis: `Answer #${target.seq}'s ${target.failure} (${(target.failureDetail ?? "").slice(0, 120)}) on its own code: ${p.hypothesis}` };
  }

  private single(req: ProposalRequest, surface: Surface, parentId: string, parent: Files, avoid: Set<string>, wins: Map<string, number>): Proposal {
    const moves = applicableMoves(parent, surface).filter((m) => !avoid.has(m.key));
    const move = pickWeighted(req.rand, moves, (m) => 1 + (wins.get(m.key) ?? 0));
    if (!move) throw new this.kit.ProposalError(`no edit left to try on the ${surface} surface of trial ${parentId}`);
    return this.proposal(req, surface, parentId, parent, move, move.key);
  }

  private proposal(req: ProposalRequest, surface: Surface, parentId: string, parent: Files, move: Move, key: string): Proposal {
    const file = fileOfSurface(surface);
    const after = new Map(parent).set(file, move.apply(parent.get(file)!));
    return {
      hypothesis: move.hypothesis(parent.get(file)!),
      parentIds: [parentId],
      diff: this.kit.diffRecipes(parent, after),
      domain: DOMAIN[surface],
      extra: { move: key },
    };
  }
}

/** For tests and the bench: the moves this proposer knows. */
export { MOVES } from "./moves";
