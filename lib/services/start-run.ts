// Starting a run from the dashboard: the form's JSON, parsed and checked, becomes a running run
// that the runner process beside the web server picks up.
import type { Db } from "../../db/client";
import { LineageError } from "../domain/errors";
import { parseOrThrow } from "../domain/parse-input";
import { StartRunInput } from "../domain/run-spec";
import { listBuiltinTaskIds, resolveTask } from "../evaluator/task";
import { createRun } from "./run-control";

export function startRunFromApi(db: Db, body: unknown, actor: string) {
  const input = parseOrThrow(StartRunInput, body, "body");
  // Only built-in tasks by id: a web request never names a folder on this machine.
  if (!listBuiltinTaskIds().includes(input.task)) {
    throw new LineageError("invalid_input", `body task: no built-in task ${JSON.stringify(input.task)} (there are: ${listBuiltinTaskIds().join(", ")})`, {
      path: ["task"],
    });
  }
  // A command proposer runs a program on this machine: only the CLI (`lineage run`) may start one.
  const commandAgent = (input.agents ?? []).findIndex((a) => a.proposer?.startsWith("command:"));
  if (commandAgent >= 0) {
    throw new LineageError(
      "forbidden",
      `body agents.${commandAgent}.proposer: command proposers run programs on this machine and can only be started with \`lineage run\``,
      { path: ["agents", String(commandAgent), "proposer"] },
    );
  }
  return createRun(db, resolveTask(input.task), input, undefined, actor, "api");
}

export function listStartableTasks() {
  return listBuiltinTaskIds().map((id) => {
    const t = resolveTask(id);
    return { id, name: t.record.name, surfaces: (t.manifest.surfaces ?? []).map((s) => s.name) };
  });
}
