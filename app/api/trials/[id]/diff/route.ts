import { readHandler } from "@/lib/http/handler";
import { getTrialDiff } from "@/lib/services/trial-page";

// The raw diff as plain text: the fallback when a diff is too big to draw. nosniff keeps a browser
// from ever treating agent-written text as HTML.
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => {
    const diff = getTrialDiff(db, (await params).id);
    return new Response(diff, {
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
    });
  });
}
