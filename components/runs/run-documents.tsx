// Documents an imported run carries from its source (a recipes blackboard's KNOWLEDGE.md and
// LEADERBOARD.md, issue 10 §10): shown as literal text, never rendered as Markdown or HTML.
import { VisibleText } from "@/components/ui/visible-text";

const DOC_CHARS = 200_000;

export function runDocuments(config: Record<string, unknown> | null | undefined): [string, string][] {
  const docs = config?.blackboard;
  if (!docs || typeof docs !== "object") return [];
  return Object.entries(docs as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
}

export function RunDocuments({ config }: { config: Record<string, unknown> | null | undefined }) {
  const docs = runDocuments(config);
  if (docs.length === 0) return null;
  const cut = Array.isArray(config?.blackboardCut) ? (config.blackboardCut as unknown[]).filter((n): n is string => typeof n === "string") : [];
  return (
    <section aria-labelledby="documents-heading" data-testid="run-documents">
      <h2 id="documents-heading">From the source&apos;s blackboard</h2>
      {docs.map(([name, text]) => (
        <details key={name} className="trial-text" data-testid={`run-document-${name.replace(/\W+/g, "-")}`}>
          <summary>
            <VisibleText text={name} />{" "}
            <span className="muted">
              ({text.length.toLocaleString("en-US")} characters{cut.includes(name) ? `, the first ${DOC_CHARS.toLocaleString("en-US")} of a longer file` : ""})
            </span>
          </summary>
          <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            <VisibleText text={text} />
          </pre>
        </details>
      ))}
    </section>
  );
}
