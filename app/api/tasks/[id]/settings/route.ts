import { TaskSettingsChange } from "@/lib/domain/task-settings";
import { readHandler, readJson, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { getTaskSettings, reviseTaskSettings } from "@/lib/services/task-settings";

type Params = { params: Promise<{ id: string }> };

/** The task's settings in force, as recorded, and every revision with who and when. */
export function GET(req: Request, { params }: Params) {
  return readHandler(req, async ({ db }) => Response.json(getTaskSettings(db, (await params).id)));
}

/** Appends a revision (admins only); the actor is the signed-in user or the token's owner, never the body. */
export function POST(req: Request, { params }: Params) {
  return writeHandler(
    req,
    async ({ db, actor, req }) => {
      const change = parseOrThrow(TaskSettingsChange, await readJson(req), "body");
      const result = reviseTaskSettings(db, { taskId: (await params).id, change, actor: actor.name });
      return Response.json(result, { status: result.revision === null ? 200 : 201 });
    },
    { role: "admin" },
  );
}
