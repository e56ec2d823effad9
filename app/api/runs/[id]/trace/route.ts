import { readHandler } from "@/lib/http/handler";
import { assertRunExists, exportRunTrace } from "@/lib/services/export-run";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => {
    const id = (await params).id;
    assertRunExists(db, id);
    const lines = exportRunTrace(db, id);
    const encoder = new TextEncoder();
    // Pull-based: the next batch of trials is read only when the client has taken the last one.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      cancel() {
        lines.return(undefined);
      },
    });
    const filename = `${id.replace(/[^A-Za-z0-9._-]/g, "_")}.lineage.jsonl`;
    return new Response(body, {
      headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
    });
  });
}
