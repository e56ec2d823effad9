// Experiment ids as the recipes harness writes them: the row's own `exp_id` is "NNN", but a
// reference (`parent_exp`, `baseline_exp`, tree.tsv) may read "NNN" or "exp_NNN", even within one
// file (issue 10 §1). References resolve through one key on both sides.

/** The comparison key of an id or reference: no `exp_` prefix, numbers without leading zeros. */
function expKey(raw: string): string {
  const s = raw.trim().replace(/^exp[_-]?/i, "");
  return /^\d+$/.test(s) ? String(Number.parseInt(s, 10)) : s;
}

/** The source ids of a file's rows, by key: a reference resolves to the row it names. */
export class ExpIds {
  private readonly byKey = new Map<string, string>();

  add(sourceId: string): void {
    const k = expKey(sourceId);
    if (!this.byKey.has(k)) this.byKey.set(k, sourceId);
  }

  has(ref: string): boolean {
    return this.byKey.has(expKey(ref));
  }

  /**
   * The source id a reference names; for a parent the file does not have, one spelling for every
   * way of writing it ("exp_999", "999" and "0999" are one placeholder, "999").
   */
  resolve(ref: string | undefined): string | undefined {
    const r = ref?.trim();
    if (!r) return undefined;
    const k = expKey(r);
    return this.byKey.get(k) ?? (/^\d+$/.test(k) ? k.padStart(3, "0") : r.replace(/^exp[_-]?/i, "") || r);
  }
}
