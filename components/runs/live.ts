// Run statuses that can still change: pages poll while a run is in one of them.
const LIVE = new Set(["running", "queued", "paused"]);
export const isLive = (status: string) => LIVE.has(status);
