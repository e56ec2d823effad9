// Random secrets (session ids, CSRF and API tokens) and the digests we store instead of them.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const newSecret = (prefix = "") => prefix + randomBytes(32).toString("base64url");
export const digestHex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** Constant-time equality of two strings of any length (compares their digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}
