// An import's report: what was read, what was made, what the source lacked, and a link to the run.
import Link from "next/link";
import type { ImportReport } from "@/lib/domain/api-responses";
import { VisibleText } from "@/components/ui/visible-text";

const counts = (o: Record<string, number>) =>
  Object.entries(o)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";

export function ImportReportView({ report: r }: { report: ImportReport }) {
  return (
    <section data-testid="import-report" style={{ marginTop: "1.25rem" }}>
      <h2>{r.alreadyImported ? "Already imported: nothing changed" : "Imported"}</h2>
      <p>
        Run{" "}
        <Link href={`/runs/${encodeURIComponent(r.run.id)}`} data-testid="import-run-link">
          <VisibleText text={r.run.name} />
        </Link>{" "}
        under task <VisibleText text={r.task.name} />{" "}
        <span className="muted">
          ({r.task.metric}, {r.task.direction})
        </span>
      </p>
      <div className="figures">
        <Figure label="rows read" value={r.rowsRead} />
        <Figure label="trials" value={r.trials.total} />
        <Figure label="kept" value={r.trials.kept} />
        <Figure label="scored" value={r.trials.scored} />
        <Figure label="malformed rows" value={r.malformedRows} />
        <Figure label="placeholders" value={r.trials.placeholders} />
      </div>
      <table>
        <tbody>
          <tr>
            <th>files</th>
            <td>{r.files.map((f) => `${f.name} (${f.rows})`).join(", ")}</td>
          </tr>
          <tr>
            <th>trials by label</th>
            <td data-testid="import-labels">{counts(r.trials.byLabel)}</td>
          </tr>
          <tr>
            <th>new / unchanged</th>
            <td>
              {r.trials.created} / {r.trials.unchanged}
            </td>
          </tr>
          <tr>
            <th>source did not have</th>
            <td>{r.missingFields.join(", ") || "—"}</td>
          </tr>
          <tr>
            <th>only some rows had</th>
            <td>{r.partialFields.map((f) => `${f.field} (${f.present})`).join(", ") || "—"}</td>
          </tr>
          {r.unknownStatuses.length > 0 && (
            <tr>
              <th>unknown status words</th>
              <td>
                <VisibleText text={r.unknownStatuses.join(", ")} />
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {r.notes.map((n) => (
        <p key={n} className="muted">
          <VisibleText text={n} />
        </p>
      ))}
      {r.problemCount > 0 && (
        <>
          <h2>Problems ({r.problemCount})</h2>
          <ul data-testid="import-problems">
            {r.problems.map((p, i) => (
              <li key={i}>
                <code>
                  <VisibleText text={`${p.file}:${p.line}`} />
                </code>{" "}
                <VisibleText text={p.message} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div className="figure">
      <div className="muted">{label}</div>
      <strong>{value}</strong>
    </div>
  );
}
