// Side by side: the two halves of each drawn file scroll together (as diff2html's UI does), and
// stop doing so when the view is redrawn.
export function syncSideBySideScroll(root: Element): () => void {
  const undo: (() => void)[] = [];
  for (const file of root.querySelectorAll(".d2h-file-wrapper")) {
    const [left, right] = file.querySelectorAll<HTMLElement>(".d2h-file-side-diff");
    if (!left || !right) continue;
    const follow = (from: HTMLElement, to: HTMLElement) => () => {
      if (to.scrollTop !== from.scrollTop) to.scrollTop = from.scrollTop;
      if (to.scrollLeft !== from.scrollLeft) to.scrollLeft = from.scrollLeft;
    };
    const onLeft = follow(left, right);
    const onRight = follow(right, left);
    left.addEventListener("scroll", onLeft, { passive: true });
    right.addEventListener("scroll", onRight, { passive: true });
    undo.push(() => (left.removeEventListener("scroll", onLeft), right.removeEventListener("scroll", onRight)));
  }
  return () => undo.forEach((f) => f());
}
