// Reading a request body under a byte limit that is enforced while streaming, so an oversized body
// is refused without first being held in memory.
import { LineageError } from "../domain/errors";

export async function readBodyLimited(req: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  const tooLarge = () =>
    new LineageError("payload_too_large", `the body is over this server's limit of ${limitBytes} bytes (LINEAGE_BODY_LIMIT_BYTES)`, { limitBytes });
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** Strict UTF-8: invalid bytes are refused with the line they are on, never replaced. */
export function decodeUtf8Lines(body: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= body.length; i++) {
      if (i === body.length || body[i] === 0x0a) {
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(body.subarray(start, i));
        } catch {
          throw new LineageError("invalid_input", `line ${line}: not valid UTF-8`, { line });
        }
        line++;
        start = i + 1;
      }
    }
    throw new LineageError("invalid_input", "the body is not valid UTF-8");
  }
}

export function requireContentType(req: Request, accepted: string[]): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new LineageError("unsupported_media_type", `Content-Type must be ${accepted.join(" or ")}, not ${JSON.stringify(type || "(none)")}`);
  }
}
