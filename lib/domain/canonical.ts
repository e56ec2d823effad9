import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth and no whitespace: the form records are hashed in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
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
