import { LineageError } from "@/lib/domain/errors";
import { env } from "@/lib/env";
import { writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { readBodyLimited, requireContentType } from "@/lib/http/read-body";
import { errorInPageWords, reportInPageWords } from "@/lib/importers/page-wording";
import { stageUpload, UploadFields } from "@/lib/importers/upload";
import { runJob } from "@/lib/server/jobs/run-job";

// Uploads are read under the body limit while streaming, then parsed as a form; the import itself
// runs in a job process (reading and storing a large source never holds up other requests).
export function POST(req: Request) {
  return writeHandler(req, async ({ req, actor }) => {
    requireContentType(req, ["multipart/form-data"]);
    const e = env();
    const body = await readBodyLimited(req, e.LINEAGE_BODY_LIMIT_BYTES);
    const form = await new Response(body as BodyInit, { headers: { "content-type": req.headers.get("content-type")! } }).formData().catch(() => {
      throw new LineageError("invalid_input", "the body is not a valid multipart/form-data form");
    });
    const { files: _files, ...rest } = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
    const fields = parseOrThrow(UploadFields, rest, "form field");
    const files = await Promise.all(
      form
        .getAll("files")
        .filter((f): f is File => typeof f !== "string")
        .map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    const staged = stageUpload(fields, files);
    try {
      const report = await runJob({
        kind: "import",
        path: staged.path,
        options: staged.options,
        logTailChars: e.LINEAGE_LOG_TAIL_BYTES,
        actor: actor.name,
      }).catch((err) => {
        throw errorInPageWords(err);
      });
      return Response.json(reportInPageWords(report), { status: report.alreadyImported ? 200 : 201 });
    } finally {
      staged.remove();
    }
  });
}
