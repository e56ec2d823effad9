#!/usr/bin/env bash
# Stop the cluster scripts/slurm/start-cluster.sh started in DIR: cancel its jobs, then end exactly
# the daemons named by its pid files (slurmd, slurmctld, munged) and any job step process slurmd
# left behind. Leaves DIR (logs, completion log) in place. Safe to run twice or on a stopped cluster.
# Usage: stop-cluster.sh [DIR]   (DIR defaults to $LINEAGE_SLURM_DIR, else the folder of $SLURM_CONF)
set -euo pipefail

say() { echo "slurm cluster: $*" >&2; }

DIR="${1:-${LINEAGE_SLURM_DIR:-}}"
if [ -z "$DIR" ] && [ -n "${SLURM_CONF:-}" ]; then DIR="$(dirname "$SLURM_CONF")"; fi
[ -n "$DIR" ] || { say "which cluster? pass its folder (or set LINEAGE_SLURM_DIR)"; exit 2; }
[ -d "$DIR" ] || { say "$DIR does not exist: nothing to stop"; exit 0; }
DIR="$(cd "$DIR" && pwd)"
export SLURM_CONF="$DIR/slurm.conf"

alive_pid() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && cat "$1"; }

# Waits up to $2 seconds for process $1 to end, then kills it.
end_process() {
  local pid="$1" seconds="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do descendants "$child"; echo "$child"; done
}

# Cancel this cluster's jobs while the daemons still run, so their processes end the normal way.
if [ -f "$SLURM_CONF" ] && alive_pid "$DIR/slurmctld.pid" >/dev/null; then
  jobs="$(squeue -h -o '%i' 2>/dev/null | tr '\n' ' ' || true)"
  if [ -n "${jobs// /}" ]; then
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      [ -z "$(squeue -h -t RUNNING,COMPLETING,PENDING,SUSPENDED -o '%i' 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
fi

for name in slurmd slurmctld; do
  if pid="$(alive_pid "$DIR/$name.pid")"; then end_process "$pid" 10; say "$name ($pid) stopped"; fi
  rm -f "$DIR/$name.pid"
done

# Job steps whose slurmd is gone (a step outlives slurmd by design): ours carry the marker that
# start-cluster.sh put in slurmd's environment.
for pid in $(pgrep -x slurmstepd || true); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "LINEAGE_SLURM_CLUSTER=$DIR"; then
    for child in $(descendants "$pid"); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
    say "left-over job step $pid killed"
  fi
done

if pid="$(alive_pid "$DIR/munge/munged.pid")"; then end_process "$pid" 10; say "munged ($pid) stopped"; fi
rm -f "$DIR/munge/munged.pid"
