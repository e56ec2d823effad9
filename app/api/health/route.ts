import { readHandler } from "@/lib/http/handler";
import { checkStoreHealth } from "@/lib/services/health";

export function GET(req: Request) {
  return readHandler(req, ({ db }) => Response.json(checkStoreHealth(db)), { public: true });
}
