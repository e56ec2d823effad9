/** The compare page's URL for some runs, an axis and the reference arm: the whole state of the view. */
export function comparePath(ids: string[], axis: string, ref?: string | null): string {
  const runs = ids.map(encodeURIComponent).join(",");
  return `/compare?runs=${runs}${axis === "time" ? "&x=time" : ""}${ref ? `&ref=${encodeURIComponent(ref)}` : ""}`;
}
