"use client";
// The run's task settings (noise floor, budgets, gates, direction) with their revision history, and
// for admins a form that appends a revision through apiWrite. Outcomes never change; the page is
// refreshed so findings and figures show what the new settings make of them.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import type { BodyOf } from "@/lib/api/endpoints";
import { apiWrite } from "@/lib/api/write";
import { formatBytes } from "@/lib/domain/number-format";
import { parseGate, type TaskSettings } from "@/lib/domain/task-settings";
import { VisibleText } from "@/components/ui/visible-text";
import type { TaskSettingsView } from "@/lib/services/task-settings";

const bytes = (n: number | undefined) => (n === undefined ? <span className="muted">no budget</span> : formatBytes(n));
const gatesText = (s: TaskSettings) => s.gates.map((g) => `${g.metric}${g.op}${g.value}`).join(", ");

function Current({ s }: { s: TaskSettings }) {
  return (
    <dl className="figures" data-testid="task-settings">
      <div className="figure">
        <dt>direction</dt>
        <dd>{s.direction}</dd>
      </div>
      <div className="figure">
        <dt>noise floor</dt>
        <dd>{s.noiseFloor ?? <span className="muted">none</span>}</dd>
      </div>
      <div className="figure">
        <dt>wall-clock budget</dt>
        <dd>{s.budgets.wallclockSeconds !== undefined ? `${s.budgets.wallclockSeconds} s` : <span className="muted">no budget</span>}</dd>
      </div>
      <div className="figure">
        <dt>artifact budget</dt>
        <dd>{bytes(s.budgets.artifactBytes)}</dd>
      </div>
      <div className="figure">
        <dt>memory budget</dt>
        <dd>{bytes(s.budgets.memoryBytes)}</dd>
      </div>
      <div className="figure">
        <dt>gates</dt>
        <dd>{s.gates.length ? <VisibleText text={gatesText(s)} /> : <span className="muted">none</span>}</dd>
      </div>
    </dl>
  );
}

/** The form's fields as the change they ask for: blank fields and unchanged values are left out. */
function changeOf(form: FormData, s: TaskSettings): Record<string, unknown> {
  const num = (name: string) => {
    const v = String(form.get(name) ?? "")
      .trim()
      .replaceAll(",", "");
    if (v === "") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${name.replaceAll("-", " ")}: ${JSON.stringify(v)} is not a number`);
    return n;
  };
  const change: Record<string, unknown> = {};
  const noise = num("noise-floor");
  if (noise !== undefined && noise !== s.noiseFloor) change.noiseFloor = noise;
  const direction = String(form.get("direction"));
  if (direction !== s.direction) change.direction = direction;
  const budgets: Record<string, number> = {};
  for (const [field, key] of [
    ["wallclock", "wallclockSeconds"],
    ["artifact-bytes", "artifactBytes"],
    ["memory-bytes", "memoryBytes"],
  ] as const) {
    const n = num(field);
    if (n !== undefined && n !== s.budgets[key]) budgets[key] = n;
  }
  if (Object.keys(budgets).length) change.budgets = budgets;
  const gates = String(form.get("gates") ?? "").trim();
  if (gates !== gatesText(s)) change.gates = gates === "" ? [] : gates.split(",").map((g) => parseGate(g));
  return change;
}

export function TaskSettingsPanel({ view, canEdit }: { view: TaskSettingsView; canEdit: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const s = view.settings;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    let change: Record<string, unknown>;
    try {
      change = changeOf(new FormData(e.currentTarget), s);
    } catch (err) {
      return setMessage({ text: (err as Error).message, bad: true });
    }
    if (Object.keys(change).length === 0) return setMessage({ text: "Nothing to change: the settings already say so.", bad: false });
    setBusy(true);
    try {
      const r = await apiWrite("reviseTaskSettings", { id: view.taskId }, { json: change as BodyOf<"reviseTaskSettings"> });
      setMessage({ text: r.revision === null ? "Nothing changed." : `Saved as revision ${r.revision}.`, bad: false });
      router.refresh();
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : "the settings could not be saved", bad: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="task-settings-heading" data-testid="task-settings-panel">
      <h2 id="task-settings-heading">
        Task settings{" "}
        <span className="muted">
          (<VisibleText text={view.taskName} />, revision {view.revisions[0]?.revision ?? 0})
        </span>
      </h2>
      <Current s={s} />
      {view.revisions.length > 0 ? (
        <details data-testid="task-revisions">
          <summary>
            {view.revisions.length} revision{view.revisions.length === 1 ? "" : "s"} since the task was recorded
          </summary>
          <ul>
            {view.revisions.map((r) => (
              <li key={r.revision}>
                #{r.revision} by <VisibleText text={r.actor} /> at {r.at.replace("T", " ").slice(0, 16)} UTC:{" "}
                <VisibleText
                  text={Object.entries(r.changes)
                    .map(([k, v]) => `${k} ${JSON.stringify((v as unknown[])[0])} → ${JSON.stringify((v as unknown[])[1])}`)
                    .join("; ")}
                />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {canEdit ? (
        <details>
          <summary>Revise the settings</summary>
          <p className="muted">
            A revision is appended with your name and the time; recorded outcomes never change, findings and figures are recomputed from the latest settings.
          </p>
          <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="task-settings-form">
            <label>
              noise floor <input name="noise-floor" inputMode="decimal" size={10} defaultValue={s.noiseFloor ?? ""} />
            </label>
            <label>
              wall-clock budget (s) <input name="wallclock" inputMode="decimal" size={8} defaultValue={s.budgets.wallclockSeconds ?? ""} />
            </label>
            <label>
              artifact budget (bytes) <input name="artifact-bytes" inputMode="numeric" size={12} defaultValue={s.budgets.artifactBytes ?? ""} />
            </label>
            <label>
              memory budget (bytes) <input name="memory-bytes" inputMode="numeric" size={12} defaultValue={s.budgets.memoryBytes ?? ""} />
            </label>
            <label>
              gates <input name="gates" size={20} placeholder="accuracy>=0.96" defaultValue={gatesText(s)} />
            </label>
            <label>
              direction{" "}
              <select name="direction" defaultValue={s.direction}>
                <option value="minimize">minimize</option>
                <option value="maximize">maximize</option>
              </select>
            </label>
            <button type="submit" disabled={busy}>
              Save revision
            </button>
          </form>
        </details>
      ) : (
        <p className="muted">Only an admin can revise these settings.</p>
      )}
      {message ? (
        <p role="status" className={message.bad ? "error-box" : "muted"} data-testid="task-settings-status">
          <VisibleText text={message.text} />
        </p>
      ) : null}
    </section>
  );
}
