"use client";
// A diff as plain text: React sets it as a text node, so nothing in it is ever markup. Large diffs
// are fetched only when asked for, and only the first few MB are put on the page.
import { revealBidi } from "@/components/ui/visible-text";
import { endpointPath } from "@/lib/api/client";
import { useRawDiff, type RawDiffRequest } from "@/lib/api/trials";

export type RawSource = { kind: "text"; text: string } | { kind: "request"; request: RawDiffRequest };

const SHOWN_CHARS = 2_000_000;

export function RawDiff({ source }: { source: RawSource }) {
  const request = source.kind === "request" ? source.request : null;
  const query = useRawDiff(request);
  const url = request
    ? request.endpoint === "trialDiffText"
      ? endpointPath(request.endpoint, request.params)
      : endpointPath(request.endpoint, request.params)
    : null;
  const text = source.kind === "text" ? source.text : query.data;
  if (url && query.isPending) return <p className="muted">Loading the raw diff…</p>;
  if (url && query.isError)
    return (
      <p className="error-box" role="alert">
        could not load the raw diff: {query.error.message}
      </p>
    );
  const shown = text!.length > SHOWN_CHARS ? text!.slice(0, SHOWN_CHARS) : text!;
  return (
    <div data-testid="diff-raw">
      {url && (
        <p className="muted">
          <a href={url} target="_blank" rel="noopener">
            Open the raw diff as a text file
          </a>
          {text!.length > SHOWN_CHARS && ` (the page shows its first ${SHOWN_CHARS.toLocaleString("en-US")} characters)`}
        </p>
      )}
      <pre className="raw-diff">{revealBidi(shown)}</pre>
    </div>
  );
}
