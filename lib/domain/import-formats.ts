// The formats Lineage imports from other tools: shared by the importers (CLI and upload) and the
// upload page, which must offer exactly the formats the server reads.
import { z } from "zod";

export const IMPORT_FORMATS = ["recipes", "autoresearch", "aide", "openevolve", "shinka"] as const;
export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;
