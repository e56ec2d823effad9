// Colours for agents (by position in the run) and failure labels (fixed, so the dashboard's charts and the static bundle agree).
const AGENT_COLORS = ["#2458c6", "#d9730d", "#0f8a6d", "#a23bb5", "#c23c5a", "#6b7d12", "#0e7490", "#8a5a00"];
export const agentColor = (i: number) => (i < 0 ? "#7a7a7a" : AGENT_COLORS[i % AGENT_COLORS.length]);

export const FAILURE_COLORS: Record<string, string> = {
  crash: "#b3261e",
  budget_overrun: "#e07b00",
  size_failure: "#8e5bd1",
  gate_miss: "#c99a00",
  illegal_edit: "#7a1f5c",
  patch_failure: "#5b6b7a",
  invalid_result: "#2e8b8b",
  infra_error: "#9e9e9e",
};
export const failureColor = (label: string) => FAILURE_COLORS[label] ?? "#555";
