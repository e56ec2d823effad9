import { describe, expect, it } from "vitest";
import { isLive, runActions, runStateWord } from "./run-state";

describe("run state", () => {
  it("reads stopped for a run someone stopped, its status otherwise", () => {
    expect(runStateWord("finished", "run.stop")).toBe("stopped");
    expect(runStateWord("finished", "run.finished")).toBe("finished");
    expect(runStateWord("finished", null)).toBe("finished");
    expect(runStateWord("paused", "run.pause")).toBe("paused");
  });

  it("is live while queued, running or paused, and offers only the actions the status allows", () => {
    expect(["queued", "running", "paused", "finished", "failed"].filter(isLive)).toEqual(["queued", "running", "paused"]);
    expect(runActions("running")).toEqual({ pause: true, resume: false, stop: true });
    expect(runActions("paused")).toEqual({ pause: false, resume: true, stop: true });
    expect(runActions("finished")).toEqual({ pause: false, resume: false, stop: false });
  });
});
