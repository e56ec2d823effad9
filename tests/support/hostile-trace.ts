// A trace whose every text field carries markup and script payloads (RELIABILITY 12–13), for the
// pages and the static bundle to show literally and run none of. X(n) sets window.__pwned = n if run.
const S = "lineage-trace/1";
export const X = (n: number) =>
  `<script>window.__pwned=${n}</script><img src=x onerror="window.__pwned=${n}"><a href="javascript:window.__pwned=${n}">go</a> javascript:alert(${n})`;

export const evilDiff = [
  `diff --git a/<img src=x onerror=alert(41)>.py b/<img src=x onerror=alert(41)>.py`,
  `--- a/<img src=x onerror=alert(41)>.py`,
  `+++ b/<img src=x onerror=alert(41)>.py`,
  `@@ -1,2 +1,3 @@ <script>window.__pwned=42</script>`,
  ` <b>context</b>`,
  `-<a href="javascript:alert(43)">old</a>`,
  `+<script>window.__pwned=44</script>`,
  `+<img src=x onerror="window.__pwned=45">`,
  "",
].join("\n");

export const hostileRecords = [
  { schema: S, type: "task", id: "evil-task", name: X(1), description: X(2), metric: { name: `m${X(3)}`, direction: "maximize", unit: X(4) } },
  { schema: S, type: "run", id: "evil-run", taskId: "evil-task", name: X(5) },
  { schema: S, type: "run", id: "evil-run-2", taskId: "evil-task", name: X(6), feedback: "none" },
  { schema: S, type: "agent", id: "evil-agent", runId: "evil-run", name: X(7), surface: X(8), proposer: X(9) },
  { schema: S, type: "trial", id: "evil-0", runId: "evil-run", parentIds: [], hypothesis: X(10), score: 1 },
  {
    schema: S,
    type: "trial",
    id: "evil-1",
    runId: "evil-run",
    parentIds: ["evil-0"],
    contextRefs: ["evil-0"],
    agentId: "evil-agent",
    hypothesis: X(11),
    domain: X(12).slice(0, 400),
    diff: evilDiff,
    score: 2,
    metrics: { [X(13)]: 1 },
    log: X(14),
    context: X(15),
    feedback: X(16),
    extra: { note: X(17) },
  },
  {
    schema: S,
    type: "trial",
    id: "evil-2",
    runId: "evil-run",
    parentIds: ["evil-1"],
    agentId: "evil-agent",
    hypothesis: X(18),
    failure: "crash",
    failureDetail: X(19),
    log: X(20),
  },
  { schema: S, type: "trial", id: "evil-3", runId: "evil-run-2", parentIds: [], hypothesis: X(21), score: 1 },
  { schema: S, type: "trial", id: "evil-4", runId: "evil-run-2", parentIds: ["evil-3"], hypothesis: X(22), score: 1.5 },
];
