// Untrusted text with its exp_NNN mentions as links to the trials they name: React text and
// <Link> elements only, never HTML.
import Link from "next/link";
import { Fragment } from "react";
import { VisibleText } from "@/components/ui/visible-text";
import type { MentionLinks } from "@/lib/services/source-mentions";
import { trialHref } from "./trial-format";

const MENTION = /\bexp_\d{1,9}\b/g;

export function MentionText({ text, links }: { text: string; links: MentionLinks }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    const target = links[m[0]];
    if (!target) continue;
    parts.push(<VisibleText key={`t${at}`} text={text.slice(at, m.index)} />);
    parts.push(
      <Link key={`l${m.index}`} href={trialHref(target.id)} title={`trial #${target.seq}`} data-testid="mention-link">
        {m[0]}
      </Link>,
    );
    at = m.index + m[0].length;
  }
  parts.push(<VisibleText key={`t${at}`} text={text.slice(at)} />);
  return <Fragment>{parts}</Fragment>;
}
