"use client";
// The form that starts a run: task, agents (surface = proposer), trial budget, parallelism,
// feedback mode. The runner process beside the web server picks the run up.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { BodyOf } from "@/lib/api/endpoints";
import { apiWrite } from "@/lib/api/write";
import { RunLiveClock } from "@/components/runs/run-live";
import { RunControls } from "./run-controls";

type TaskOption = { id: string; name: string; surfaces: string[] };
type ExecutorBody = NonNullable<BodyOf<"startRun">["executor"]>;

/** The executor fields: "task default" sends none (the task's task.json decides, else local). */
function executorOf(f: FormData): ExecutorBody | undefined {
  const kind = String(f.get("executor") || "");
  if (kind !== "local" && kind !== "slurm") return undefined;
  const text = (name: string) => String(f.get(name) || "").trim() || undefined;
  const cpus = text("cpus");
  const maxPending = text("maxPending");
  return kind === "local"
    ? { kind }
    : {
        kind,
        partition: text("partition"),
        account: text("account"),
        qos: text("qos"),
        gres: text("gres"),
        mem: text("mem"),
        cpus: cpus ? Number(cpus) : undefined,
        maxPendingSeconds: maxPending ? Number(maxPending) : undefined,
      };
}

export function StartRunForm({ tasks }: { tasks: TaskOption[] }) {
  const [taskId, setTaskId] = useState(tasks[0]?.id ?? "");
  const task = tasks.find((t) => t.id === taskId);
  const [proposers, setProposers] = useState<Record<string, string>>({});
  const [token, setToken] = useState("");
  const [executor, setExecutor] = useState("");
  const start = useMutation({
    mutationFn: (body: BodyOf<"startRun">) => apiWrite("startRun", undefined, { json: body, bearer: token || undefined }),
  });

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    start.mutate({
      task: taskId,
      name: String(f.get("name") || "") || undefined,
      trials: Number(f.get("trials")),
      parallel: Number(f.get("parallel")),
      feedback: f.get("feedback") as BodyOf<"startRun">["feedback"], // the server names a bad value
      seed: Number(f.get("seed")),
      agents: (task?.surfaces ?? []).map((s) => ({ surface: s, proposer: proposers[s] || "builtin:mutate" })),
      executor: executorOf(f),
    });
  }

  return (
    <>
      <form onSubmit={submit} data-testid="start-run-form" className="start-run-form">
        <label>
          Task{" "}
          <select name="task" value={taskId} onChange={(e) => setTaskId(e.target.value)}>
            {tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Name <input name="name" placeholder="optional" maxLength={200} />
        </label>
        <fieldset>
          <legend>Agents (one per surface)</legend>
          {(task?.surfaces ?? []).map((s) => (
            <label key={s}>
              {s}{" "}
              <input
                aria-label={`proposer for ${s}`}
                value={proposers[s] ?? "builtin:mutate"}
                onChange={(e) => setProposers({ ...proposers, [s]: e.target.value })}
                placeholder="builtin:mutate, openai:<model> or mcp (an external agent)"
              />
            </label>
          ))}
        </fieldset>
        <label>
          Trial budget <input name="trials" type="number" min={1} max={100000} defaultValue={30} required />
        </label>
        <label>
          Parallel <input name="parallel" type="number" min={1} max={16} defaultValue={1} required />
        </label>
        <label>
          Seed <input name="seed" type="number" min={0} defaultValue={1} required />
        </label>
        <label>
          Feedback{" "}
          <select name="feedback" defaultValue="lineage">
            <option value="lineage">lineage (proposals see earlier outcomes)</option>
            <option value="none">none (control: task and baseline only)</option>
          </select>
        </label>
        <fieldset>
          <legend>Executor</legend>
          <label>
            Where evaluations run{" "}
            <select name="executor" value={executor} onChange={(e) => setExecutor(e.target.value)}>
              <option value="">the task&apos;s default (local unless task.json says)</option>
              <option value="local">local (sandbox on this machine)</option>
              <option value="slurm">slurm (one batch job per trial; needs LINEAGE_SHARED_DIR)</option>
            </select>
          </label>
          {executor === "slurm" && (
            <>
              <label>
                Partition <input name="partition" placeholder="cluster default" />
              </label>
              <label>
                Account <input name="account" placeholder="optional" />
              </label>
              <label>
                QoS <input name="qos" placeholder="optional" />
              </label>
              <label>
                GRES <input name="gres" placeholder="gpu:1" />
              </label>
              <label>
                CPUs <input name="cpus" type="number" min={1} max={1024} placeholder="1" />
              </label>
              <label>
                Memory <input name="mem" placeholder="16G (default: the task's memory budget)" />
              </label>
              <label>
                Max pending, seconds <input name="maxPending" type="number" min={1} max={2592000} placeholder="86400 (a day): then infra_error" />
              </label>
            </>
          )}
        </fieldset>
        <label>
          Token <input type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder="only if LINEAGE_TOKEN is set" autoComplete="off" />
        </label>
        <button type="submit" disabled={start.isPending || !taskId}>
          Start run
        </button>
        {start.error && (
          <p role="alert" data-testid="start-error">
            {start.error.message}
          </p>
        )}
      </form>
      {start.data && (
        <div data-testid="started-run">
          <p>
            Started run <a href={`/runs/${encodeURIComponent(start.data.id)}`}>{start.data.id}</a>.
          </p>
          <RunLiveClock runId={start.data.id} />
          <RunControls runId={start.data.id} token={token || undefined} />
        </div>
      )}
    </>
  );
}
