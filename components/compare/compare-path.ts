/** The compare page's URL for some runs and an axis: the whole state of the view. */
export function comparePath(ids: string[], axis: string): string {
  const runs = ids.map(encodeURIComponent).join(",");
  return `/compare?runs=${runs}${axis === "time" ? "&x=time" : ""}`;
}
