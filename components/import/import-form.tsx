"use client";
// The upload form: a format, its files and the options; posts to /api/import and shows the report.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiWrite } from "@/lib/api/write";
import { IMPORT_FORMATS, type ImportFormat } from "@/lib/domain/import-formats";
import { FeedbackMode, RunKind } from "@/lib/domain/trace";
import { VisibleText } from "@/components/ui/visible-text";
import { FORMAT_HELP } from "./formats";
import { ImportReportView } from "./import-report";

const FEEDBACK_HELP: Record<(typeof FeedbackMode.options)[number], string> = { lineage: "the agents saw earlier trials", none: "the agents saw no lineage" };

export function ImportForm() {
  const [format, setFormat] = useState<ImportFormat>("recipes");
  const upload = useMutation({
    mutationFn: (form: FormData) => apiWrite("importSource", undefined, { form }),
  });
  const help = FORMAT_HELP[format];
  return (
    <>
      <form
        className="import-form"
        data-testid="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          upload.mutate(new FormData(e.currentTarget));
        }}
        style={{ display: "grid", gap: "0.75rem", maxWidth: "42rem", background: "#fff", border: "1px solid var(--line)", borderRadius: 6, padding: "1rem" }}
      >
        <label>
          Format{" "}
          <select name="format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_HELP[f].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Files <span className="muted">({help.files})</span>
          <br />
          <input key={format} type="file" name="files" accept={help.accept} multiple={help.multiple} required data-testid="import-files" />
        </label>
        <label>
          Run name <input name="runName" placeholder="taken from the files when empty" maxLength={500} />
        </label>
        <label>
          Task id <input name="taskId" placeholder="the format's default" maxLength={200} />
        </label>
        <label>
          Score metric <input name="metric" placeholder="the format's default" maxLength={200} />
        </label>
        <label>
          Direction{" "}
          <select name="maximize" defaultValue="" data-testid="import-direction">
            <option value="">as the source says, or inferred from the metric and its keep rows</option>
            <option value="true">maximize (higher is better)</option>
            <option value="false">minimize (lower is better)</option>
          </select>
        </label>
        <label>
          Run kind{" "}
          <select name="kind" defaultValue="" data-testid="import-kind">
            <option value="">what the source says (else headline)</option>
            {RunKind.options.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Feedback{" "}
          <select name="feedback" defaultValue="" data-testid="import-feedback">
            <option value="">what the source says (else lineage)</option>
            {FeedbackMode.options.map((f) => (
              <option key={f} value={f}>
                {f}: {FEEDBACK_HELP[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="strict" /> strict: refuse the whole source if any row is malformed
        </label>
        <div>
          <button type="submit" disabled={upload.isPending}>
            {upload.isPending ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
      {upload.isError && (
        <pre className="error-box" role="alert" data-testid="import-error" style={{ whiteSpace: "pre-wrap", marginTop: "1rem" }}>
          <VisibleText text={upload.error.message} />
        </pre>
      )}
      {upload.data && <ImportReportView report={upload.data} />}
    </>
  );
}
