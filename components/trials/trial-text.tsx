// A long untrusted text (context, feedback, log) in a disclosure, shown literally.
import { VisibleText } from "@/components/ui/visible-text";

/** Characters put on the page; the rest is in the trace export. */
const SHOWN = 200_000;

export function TrialText({ title, text, testId, open }: { title: string; text: string | undefined | null; testId: string; open?: boolean }) {
  if (!text) return null;
  const cut = text.length > SHOWN;
  return (
    <details className="trial-text" data-testid={testId} open={open}>
      <summary>
        {title} <span className="muted">({text.length.toLocaleString("en-US")} characters)</span>
      </summary>
      <pre>
        <VisibleText text={cut ? text.slice(0, SHOWN) : text} />
      </pre>
      {cut && <p className="muted">Showing the first {SHOWN.toLocaleString("en-US")} characters; the full text is in the run&apos;s trace export.</p>}
    </details>
  );
}
