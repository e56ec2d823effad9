"use client";
// View state kept in the address bar, so a copied link reproduces the view.
// Writes go straight to the History API, tagged with Next's own history state: Next then leaves
// them alone (no server round trip, and no later write of its older URL racing ours), while Back
// and Forward still restore the page. Reads follow the address bar itself.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useSyncExternalStore } from "react";

export type UrlUpdate = Record<string, string | null | undefined>;
const EVENT = "lineage:url-state";

function subscribe(onChange: () => void) {
  window.addEventListener("popstate", onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

const currentSearch = () => window.location.search.replace(/^\?/, "");

export function useUrlState() {
  const initial = useSearchParams().toString();
  const search = useSyncExternalStore(subscribe, currentSearch, () => initial);
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const update = useCallback((changes: UrlUpdate, mode: "push" | "replace" = "push") => {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
    const state = { ...(window.history.state ?? {}), __NA: true };
    if (mode === "push") window.history.pushState(state, "", url);
    else window.history.replaceState(state, "", url);
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return { params, update };
}
