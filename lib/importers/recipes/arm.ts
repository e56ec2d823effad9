// Which arm a recipes run is, from what the source says (issue 10 §5): the run folder's name and
// the state folder its blackboard names (KNOWLEDGE.md: ".../magent_state_pg_nolineage_B/blackboard/...").
// The release names its arms pg_main, pg_ablation_lineage_on/_off, pg_variant_single_agent, …
import { readFileSync } from "node:fs";
import type { RunDraft } from "../plan";

type Arm = { kind: NonNullable<RunDraft["kind"]>; feedback: NonNullable<RunDraft["feedback"]>; why: string };

const NO_LINEAGE = /(?:no|without)[_-]?lineage|lineage[_-]?off/i;
const ABLATION = /ablation|(?:no)?lineage[_-]?(?:on|off|[a-z])(?![a-z0-9])/i;
const VARIANT = /variant|single[_-]?agent|generic|genmulti|(?:^|[_-])single(?![a-z0-9])/i;

/** The state folder the blackboard was written in, as KNOWLEDGE.md names it. */
export function stateFolder(knowledgePath: string | undefined): string | undefined {
  if (!knowledgePath) return undefined;
  try {
    const head = readFileSync(knowledgePath, "utf8").slice(0, 4096);
    return /([^/\s`'"]+)\/blackboard\/tree\.tsv/.exec(head)?.[1];
  } catch {
    return undefined;
  }
}

export function recipesArm(folderName: string, state: string | undefined): Arm {
  const names = [folderName, state].filter((n): n is string => Boolean(n));
  const said = (re: RegExp) => names.find((n) => re.test(n));
  const off = said(NO_LINEAGE);
  const feedback = off ? "none" : "lineage";
  const ablation = said(ABLATION);
  const variant = said(VARIANT);
  const kind = ablation ? "ablation" : variant ? "other" : "headline";
  const because = [
    ablation
      ? `${JSON.stringify(ablation)} names an ablation arm`
      : variant
        ? `${JSON.stringify(variant)} names a variant`
        : `no name among ${names.map((n) => JSON.stringify(n)).join(", ")} says ablation or variant`,
    off ? `${JSON.stringify(off)} says lineage off` : "lineage feedback on",
  ];
  return { kind, feedback, why: because.join("; ") };
}
