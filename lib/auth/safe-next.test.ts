import { expect, it } from "vitest";
import { safeNext } from "./safe-next";

it("keeps paths on this site and sends everything else to /", () => {
  expect(safeNext("/runs/abc?x=1")).toBe("/runs/abc?x=1");
  for (const bad of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "", undefined, ["/a"]]) {
    expect(safeNext(bad)).toBe("/");
  }
});
