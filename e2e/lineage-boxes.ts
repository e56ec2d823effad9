// What a lineage page draws, measured in the browser (shared by the lineage specs).
import type { Page } from "@playwright/test";

/** The box around every drawn node and cluster, and the frame's box, in page pixels. */
export async function boxes(page: Page) {
  return page.evaluate(() => {
    const frame = document.querySelector(".lineage-frame")!.getBoundingClientRect();
    const shapes = [...document.querySelectorAll('[data-testid="lineage-node"] circle.node, [data-testid="lineage-cluster"] rect')].map((e) =>
      e.getBoundingClientRect(),
    );
    return {
      frame: { left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom },
      left: Math.min(...shapes.map((b) => b.left)),
      right: Math.max(...shapes.map((b) => b.right)),
      top: Math.min(...shapes.map((b) => b.top)),
      bottom: Math.max(...shapes.map((b) => b.bottom)),
      count: shapes.length,
    };
  });
}
