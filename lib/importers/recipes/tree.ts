// tree.tsv: the same trials in preorder. Read only to recover what a malformed results row lost.
import { openTsv } from "../tsv";

export type TreeEntry = { parent?: string; specialist?: string; status?: string; score?: string; hypothesis?: string };

export function readTree(path: string | undefined): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  if (!path) return out;
  const tsv = openTsv(path);
  const at = (name: string) => tsv.header.indexOf(name);
  const [id, parent, specialist, status, hyp] = ["exp_id", "parent_exp", "specialist", "status", "hypothesis"].map(at);
  const score = status >= 0 ? status + 1 : -1;
  for (const row of tsv.rows()) {
    if (!row.ok || id < 0) continue;
    const get = (i: number) => (i >= 0 ? row.fields[i]?.trim() || undefined : undefined);
    out.set(row.fields[id].trim(), {
      parent: get(parent),
      specialist: get(specialist),
      status: get(status),
      score: get(score),
      hypothesis: get(hyp)?.slice(0, 4000),
    });
  }
  return out;
}
