// Stepping between the failure lane's crosses from the keyboard (components/charts/failure-lane.tsx).
/** A failed trial on the lane: where it sits on the x axis, and what its card says. */
export type FailureMark = { id: string; x: number; seq: number; label: string; agent: string; hypothesis: string | null };

/** A cross as drawn: its x in pixels along the plot, its row (label), and its trial. */
export type Placed = { px: number; row: number; mark: FailureMark };

/**
 * The cross a key steps to from `all[at]` (all sorted by row, then x): left and right along the
 * row, up and down to the nearest cross in the nearest row that has one, Home and End to the row's
 * ends. Undefined for a key that does not step; the first cross when none is active yet.
 */
export function stepFrom(all: Placed[], at: number, key: string): Placed | undefined {
  if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(key) || all.length === 0) return undefined;
  if (at < 0) return all[0];
  const cur = all[at];
  const inRow = (row: number) => all.filter((p) => p.row === row);
  switch (key) {
    case "ArrowLeft":
      return at > 0 && all[at - 1].row === cur.row ? all[at - 1] : cur;
    case "ArrowRight":
      return at + 1 < all.length && all[at + 1].row === cur.row ? all[at + 1] : cur;
    case "Home":
      return inRow(cur.row)[0];
    case "End":
      return inRow(cur.row).at(-1);
  }
  const rows = [...new Set(all.map((p) => p.row))];
  const row = rows[rows.indexOf(cur.row) + (key === "ArrowDown" ? 1 : -1)];
  if (row === undefined) return cur;
  return inRow(row).reduce((best, p) => (Math.abs(p.px - cur.px) < Math.abs(best.px - cur.px) ? p : best));
}
