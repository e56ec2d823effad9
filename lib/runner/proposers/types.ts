// One interface for every proposer: context in, hypothesis + edit out.
import type { applyEdit } from "../../evaluator/apply-edit";
import type { checkEdit } from "../../evaluator/edit-check";
import type { Files } from "../../evaluator/files";
import type { diffTrees } from "../../domain/unified-diff";
import type { LineageView } from "../../domain/lineage-view";
import type { LoadedTask } from "../../evaluator/task";

export type ProposalRequest = {
  task: LoadedTask;
  agent: { id: string; name: string; surface?: string; surfacePaths?: string[] };
  /** the rendered context (what an external agent reads) and the structured view behind it */
  context: string;
  view: LineageView;
  /** the default parent: the current best with lineage feedback, the baseline without */
  parent: { id: string; files: Files };
  codeOf: (trialId: string) => Files | undefined;
  /** a scratch folder the proposer may use (the command proposer's workspace) */
  scratchDir: string;
  rand: () => number;
  signal: AbortSignal;
};

export type Proposal = {
  hypothesis: string;
  /** the first is the diff base; defaults to [request.parent.id] */
  parentIds?: string[];
  diff: string;
  domain?: string;
  expectedDelta?: number;
  extra?: Record<string, unknown>;
};

export interface Proposer {
  readonly spec: string;
  propose(req: ProposalRequest): Promise<Proposal>;
}

/** The proposer answered, but not with a usable proposal: recorded as a failed trial. */
export class ProposalError extends Error {
  constructor(
    message: string,
    readonly partial: Partial<Proposal> = {},
  ) {
    super(message);
  }
}

/** The proposer cannot be reached (after retries): the run pauses with this reason. */
export class ProposerUnavailable extends Error {}

/**
 * What a task's own proposer module (task.json `proposers`) is handed: the harness's edit tools and
 * error class, so the task's code needs lib/ for types only and its errors are the runner's.
 */
export type ProposerKit = { ProposalError: typeof ProposalError; checkEdit: typeof checkEdit; applyEdit: typeof applyEdit; diffRecipes: typeof diffTrees };
