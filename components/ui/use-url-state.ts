"use client";
// View state kept in the address bar, so a copied link reproduces the view. Updates go through
// the History API, which Next keeps in step with useSearchParams without a server round trip.
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type UrlUpdate = Record<string, string | null | undefined>;

export function useUrlState() {
  const params = useSearchParams();
  const update = useCallback(
    (changes: UrlUpdate, mode: "push" | "replace" = "push") => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [],
  );
  return { params, update };
}
