// A proposer that lives with its task (tasks/<task>/…, named in task.json `proposers`), loaded at
// run time: lib/ holds nothing task-specific. The module exports createProposer(kit) → Proposer.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { applyEdit } from "../../evaluator/apply-edit";
import { checkEdit } from "../../evaluator/edit-check";
import type { LoadedTask } from "../../evaluator/task";
import { diffTrees as diffRecipes } from "../../domain/unified-diff";
import { ProposalError, ProposerUnavailable, type Proposal, type ProposalRequest, type Proposer, type ProposerKit } from "./types";

const KIT: ProposerKit = { ProposalError, checkEdit, applyEdit, diffRecipes };

export class TaskProposer implements Proposer {
  private loaded: Promise<Proposer> | undefined;

  constructor(
    readonly spec: string,
    private readonly task: LoadedTask,
    private readonly module: string,
  ) {}

  private load(): Promise<Proposer> {
    const file = resolve(this.task.dir, this.module);
    this.loaded ??= import(pathToFileURL(file).href).then(
      (m: { createProposer?: (kit: ProposerKit) => Proposer }) => {
        if (typeof m.createProposer !== "function")
          throw new ProposerUnavailable(`${this.spec}: ${this.module} of task ${this.task.record.id} exports no createProposer(kit)`);
        return m.createProposer(KIT);
      },
      (e: Error) => {
        throw new ProposerUnavailable(`${this.spec}: task ${this.task.record.id}'s proposer ${this.module} could not be loaded: ${e.message}`);
      },
    );
    return this.loaded;
  }

  async propose(req: ProposalRequest): Promise<Proposal> {
    return (await this.load()).propose(req);
  }
}

/** builtin:mutate asked of a task that has none: every proposal is refused with the reason. */
export class MissingTaskProposer implements Proposer {
  constructor(
    readonly spec: string,
    private readonly task: LoadedTask,
  ) {}

  async propose(): Promise<Proposal> {
    throw new ProposalError(
      `${this.spec}: task ${this.task.record.id} has no proposer of that name (its task.json has no "proposers" entry for ${JSON.stringify(this.spec)}); use command:<cmd> or openai:<model> for this task`,
    );
  }
}
