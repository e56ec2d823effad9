// Small text and number helpers shared by the importers. Source text is untrusted: it is kept as
// text, bounded, and never interpreted.
import { createHash } from "node:crypto";
import { z } from "zod";

export const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

/** A lower-case, dash-separated fragment for ids. */
export function slug(s: string, max = 60): string {
  const out = s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return out || "source";
}

/** Cells that mean "no value" in real logs; they are absent, not malformed. */
const EMPTY_CELLS = new Set(["", "-", "—", "na", "n/a", "nan", "none", "null", "—"]);

type Cell = { kind: "empty" } | { kind: "number"; value: number } | { kind: "bad"; raw: string };

/** Parses a numeric cell: plain numbers, a leading +, a trailing % (kept as the number shown). */
export function parseCell(raw: string | undefined): Cell {
  const s = (raw ?? "").trim();
  if (EMPTY_CELLS.has(s.toLowerCase())) return { kind: "empty" };
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)%*$/.exec(s);
  if (!m) return { kind: "bad", raw: s };
  const value = Number(m[1]);
  return Number.isFinite(value) ? { kind: "number", value } : { kind: "bad", raw: s };
}

export const cellNumber = (raw: string | undefined): number | undefined => {
  const c = parseCell(raw);
  return c.kind === "number" ? c.value : undefined;
};

const IsoDate = z.iso.datetime({ offset: true });

/** An ISO 8601 time with an offset, or undefined (the raw value then goes into extra). */
export function isoTime(raw: unknown): string | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) {
    // Unix seconds, or milliseconds when the number is too large to be seconds.
    const ms = raw > 1e11 ? raw : raw * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof raw !== "string") return undefined;
  return IsoDate.safeParse(raw.trim()).success ? raw.trim() : undefined;
}

/** The first line of a text, cut to `max` characters. */
export function oneLine(s: string, max: number): string {
  const line = s.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}
