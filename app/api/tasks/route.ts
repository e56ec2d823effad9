import { readHandler } from "@/lib/http/handler";
import { listTasks } from "@/lib/services/catalog";

export function GET(req: Request) {
  return readHandler(req, ({ db }) => Response.json({ items: listTasks(db) }));
}
