// Which columns of an autoresearch results.tsv are what: real logs rename and add columns, so the
// roles are read from the header and a look at the first rows.
import { LineageError } from "../../domain/errors";
import type { Tsv } from "../tsv";
import { parseCell } from "../text";

export type Columns = { id: number; status: number; description: number; metric: number; timestamp: number; numeric: Set<number> };

const SAMPLE_ROWS = 500;

export function readColumns(tsv: Tsv, metricFlag: string | undefined): Columns {
  const h = tsv.header.map((c) => c.toLowerCase());
  const find = (...names: string[]) => names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
  const status = find("status");
  if (status < 0) throw new LineageError("invalid_input", `results.tsv: no status column in its header (${tsv.header.join(", ")})`);
  const id = find("commit", "config_id", "id", "exp_id");
  const description = find("description", "desc", "note", "notes", "idea");
  const timestamp = find("timestamp", "time", "date");

  // A column is numeric when most of its filled cells in the first rows are numbers.
  const filled = new Map<number, { n: number; num: number }>();
  let seen = 0;
  for (const row of tsv.rows()) {
    if (!row.ok) continue;
    row.fields.forEach((v, i) => {
      const c = parseCell(v);
      if (c.kind === "empty") return;
      const f = filled.get(i) ?? { n: 0, num: 0 };
      f.n++;
      if (c.kind === "number") f.num++;
      filled.set(i, f);
    });
    if (++seen >= SAMPLE_ROWS) break;
  }
  const numeric = new Set([...filled].filter(([i, f]) => f.num * 2 >= f.n && f.num > 0 && ![id, status, description, timestamp].includes(i)).map(([i]) => i));

  let metric: number;
  if (metricFlag !== undefined) {
    metric = tsv.header.indexOf(metricFlag);
    if (metric < 0) throw new LineageError("invalid_input", `results.tsv has no column ${JSON.stringify(metricFlag)} (columns: ${tsv.header.join(", ")})`);
  } else if (numeric.has(1)) {
    metric = 1; // the documented place: the second column
  } else {
    const candidates = [...numeric].sort((a, b) => a - b);
    metric = candidates.find((i) => !/^(old|prev|previous|baseline)[_-]/.test(h[i])) ?? candidates[0] ?? -1;
    if (metric < 0) throw new LineageError("invalid_input", "results.tsv: no numeric column to score by; name one with --metric");
  }
  return { id: id >= 0 ? id : 0, status, description, metric, timestamp, numeric };
}
