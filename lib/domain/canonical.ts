import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth and no whitespace: the form records are hashed in. */
export function canonicalJson(value: unknown): string {
  return canonicalSegments(value)[0];
}

/** What canonicalSegments leaves out of a top-level object, and where it cuts it. */
export type CanonicalCut = {
  /** keys whose values are left out, to be filled in later, in sorted order, between the segments */
  holes?: readonly string[];
  /** keys left out altogether */
  omit?: readonly string[];
  /** leave out top-level keys whose value is null, as dropEmpty does */
  dropEmpty?: boolean;
};

/**
 * canonicalJson of a top-level object cut where its `holes` keys' values go: the segments joined
 * with the JSON of each hole's value, in sorted key order, are canonicalJson of the object with them
 * set. A record's hash can so be prepared before its place in a chain is known.
 *
 * It references nothing outside its own body, so a worker thread can run it from its source text
 * (lib/services/trial-prehash.ts): keep it that way.
 */
export function canonicalSegments(value: unknown, cut: CanonicalCut = {}): string[] {
  const canonical = (v: unknown): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((item) => canonical(item ?? null)).join(",")}]`;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
  };
  const holes = cut.holes ?? [];
  const omit = cut.omit ?? [];
  if (holes.length === 0 && omit.length === 0 && !cut.dropEmpty) return [canonical(value)];
  const obj = value as Record<string, unknown>;
  const kept = Object.keys(obj).filter((k) => {
    const v = obj[k];
    return v !== undefined && !(cut.dropEmpty && v === null) && !omit.includes(k) && !holes.includes(k);
  });
  const segments: string[] = [];
  let current = "{";
  [...kept, ...holes].sort().forEach((k, i) => {
    current += `${i > 0 ? "," : ""}${JSON.stringify(k)}:`;
    if (holes.includes(k)) {
      segments.push(current);
      current = "";
    } else current += canonical(obj[k]);
  });
  segments.push(`${current}}`);
  return segments;
}

/**
 * SHA-256 of canonicalJson(value), fed to the hash piece by piece: a trial's diff can be megabytes,
 * and building the whole canonical string first doubled the cost of hashing it.
 */
export function sha256OfCanonical(value: unknown): string {
  const h = createHash("sha256");
  const feed = (v: unknown): void => {
    if (v === null || typeof v !== "object") {
      h.update(JSON.stringify(v), "utf8");
    } else if (Array.isArray(v)) {
      h.update("[");
      v.forEach((item, i) => {
        if (i > 0) h.update(",");
        feed(item ?? null);
      });
      h.update("]");
    } else {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      h.update("{");
      keys.forEach((k, i) => {
        h.update(i > 0 ? `,${JSON.stringify(k)}:` : `${JSON.stringify(k)}:`, "utf8");
        feed(obj[k]);
      });
      h.update("}");
    }
  };
  feed(value);
  return h.digest("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Top-level fields that are null or undefined say nothing; leaving them out keeps one form per record. */
export function dropEmpty<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out as T;
}
