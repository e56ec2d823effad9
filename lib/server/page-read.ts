// A page's read of the store: a missing run or trial is the page's 404, anything else an error.
import { notFound } from "next/navigation";
import type { Db } from "../../db/client";
import { isLineageError } from "../domain/errors";
import { store } from "./store";

export function readForPage<T>(read: (db: Db) => T): T {
  try {
    return read(store());
  } catch (e) {
    if (isLineageError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
