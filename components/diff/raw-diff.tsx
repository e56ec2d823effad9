"use client";
// A diff as plain text: React sets it as a text node, so nothing in it is ever markup. Large diffs
// are fetched only when asked for, and only the first few MB are put on the page.
import { useQuery } from "@tanstack/react-query";
import { revealBidi } from "@/components/ui/visible-text";

export type RawSource = { kind: "text"; text: string } | { kind: "url"; url: string };

const SHOWN_CHARS = 2_000_000;

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the raw diff (${res.status})`);
  return res.text();
}

export function RawDiff({ source }: { source: RawSource }) {
  const url = source.kind === "url" ? source.url : null;
  const query = useQuery({ queryKey: ["raw-diff", url], queryFn: () => fetchText(url!), enabled: url !== null, staleTime: Infinity });
  const text = source.kind === "text" ? source.text : query.data;
  if (url && query.isPending) return <p className="muted">Loading the raw diff…</p>;
  if (url && query.isError) return <p className="error-box" role="alert">{query.error.message}</p>;
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
