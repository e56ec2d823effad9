#!/usr/bin/env bash
# Start (or find already running) a one-node Slurm cluster whose whole state lives in one folder:
# its own munged, slurmctld and slurmd on free ports, slurm.conf, logs, spool and pid files.
# Usage: start-cluster.sh [DIR]   (DIR defaults to $LINEAGE_SLURM_DIR, else a fresh temp dir)
# Settings for a new folder: LINEAGE_SLURM_CGROUP=auto|yes|no (memory limits through cgroups),
# LINEAGE_SLURM_MIN_JOB_AGE (seconds finished jobs stay in squeue, default 600),
# LINEAGE_SLURM_START_TIMEOUT (seconds to wait for the node, default 60),
# LINEAGE_SLURM_SCHEDULER_PARAMETERS (default batch_sched_delay=0; "" keeps Slurm's defaults).
# Prints `export SLURM_CONF=DIR/slurm.conf` on stdout (progress goes to stderr), so
#   eval "$(scripts/slurm/start-cluster.sh)"
# points this shell's sbatch/squeue/scancel at it. Running it again on the same folder starts only
# the daemons that are not running. Needs root and Debian's slurm-wlm and munge packages.
# Stop with scripts/slurm/stop-cluster.sh DIR.
set -euo pipefail

say() { echo "slurm cluster: $*" >&2; }
fail() { echo "slurm cluster: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd runs jobs as the submitting user and needs root)"
for cmd in munged slurmctld slurmd sbatch sinfo; do
  command -v "$cmd" >/dev/null || fail "'$cmd' not found: install Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge)"
done

DIR="${1:-${LINEAGE_SLURM_DIR:-}}"
if [ -z "$DIR" ]; then DIR="$(mktemp -d "${TMPDIR:-/tmp}/lineage-slurm.XXXXXX")"; fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
CONF="$DIR/slurm.conf"
WAIT_SECONDS="${LINEAGE_SLURM_START_TIMEOUT:-60}"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/munge"
chmod 700 "$DIR/munge"

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# Free when nothing accepts a connection on it (bash's /dev/tcp: no ss or netstat needed).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# munged of our own, on a socket inside DIR: never touches (or depends on) a system munged.
if ! alive "$DIR/munge/munged.pid"; then
  if [ ! -s "$DIR/munge/munge.key" ]; then
    mungekey --create --keyfile="$DIR/munge/munge.key" >/dev/null
  fi
  chmod 600 "$DIR/munge/munge.key"
  munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munged.seed" \
    || fail "munged did not start; see $DIR/log/munged.log"
  say "munged started"
fi

if [ ! -s "$CONF" ]; then
  HOST="$(hostname -s)"
  CPUS="$(nproc)"
  # Leave the OS some memory, or slurmd reports less than configured and the node is drained.
  MEM_MB=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  PORT=6817
  while ! port_free "$PORT" || ! port_free $((PORT + 1)); do PORT=$((PORT + 2)); done
  # Clusters on one host share the kernel's cgroup tree (slurm/uid_0/job_N): give each its own id range.
  FIRST_JOB_ID=$(( (PORT - 6817) / 2 * 1000000 + 1 ))
  # Memory limits: with a writable cgroup v1 memory controller Slurm confines each job's memory and
  # reports OUT_OF_MEMORY itself; without one, jobacct_gather samples each job every second and
  # kills it when over its --mem (the job ends FAILED by SIGKILL, slurmstepd writes
  # "Exceeded job memory limit" into its error file). LINEAGE_SLURM_CGROUP=no forces the latter.
  USE_CGROUP="${LINEAGE_SLURM_CGROUP:-auto}"
  if [ "$USE_CGROUP" = auto ]; then
    USE_CGROUP=no
    probe="/sys/fs/cgroup/memory/lineage-probe-$$"
    if [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] && mkdir "$probe" 2>/dev/null; then rmdir "$probe"; USE_CGROUP=yes; fi
  fi
  # Slurm delays starting batch jobs up to 3 s by default (batch_sched_delay), for high submit
  # rates; a test cluster starts them at once (about 1 s from sbatch to running, against 0.5-3 s).
  SCHEDULER_PARAMETERS="${LINEAGE_SLURM_SCHEDULER_PARAMETERS-batch_sched_delay=0}"
  SCHEDULER_LINE=""
  if [ -n "$SCHEDULER_PARAMETERS" ]; then SCHEDULER_LINE="SchedulerParameters=$SCHEDULER_PARAMETERS"; fi
  if [ "$USE_CGROUP" = yes ]; then
    PROCTRACK=proctrack/cgroup; TASK=task/cgroup; OVERMEM=NoOverMemoryKill
    cat >"$DIR/cgroup.conf" <<CGROUP
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainRAMSpace=yes
ConstrainSwapSpace=no
CGROUP
  else
    PROCTRACK=proctrack/linuxproc; TASK=task/none; OVERMEM=OverMemoryKill
  fi
  cat >"$CONF" <<CONF
# Written by scripts/slurm/start-cluster.sh: a one-node test cluster, state under $DIR.
ClusterName=lineage
SlurmctldHost=$HOST
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
MpiDefault=none
FirstJobId=$FIRST_JOB_ID
ProctrackType=$PROCTRACK
TaskPlugin=$TASK
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=$OVERMEM
AccountingStorageType=accounting_storage/none
# No slurmdbd: Slurm's record of finished jobs is the completion log, and finished jobs stay
# visible to squeue/scontrol for MinJobAge seconds.
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.log
MinJobAge=${LINEAGE_SLURM_MIN_JOB_AGE:-600}
# A node that stops answering is DOWN after SlurmdTimeout seconds and its jobs end NODE_FAIL
# (not requeued); it returns to service when its slurmd is back.
SlurmdTimeout=10
ReturnToService=2
JobRequeue=0
KillWait=2
$SCHEDULER_LINE
InactiveLimit=0
# A job that asks for no memory gets a share, not the whole node (which would run jobs one at a time).
DefMemPerCPU=512
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  say "wrote $CONF (memory limits through cgroups: $USE_CGROUP)"
fi

export SLURM_CONF="$CONF"
# Marks the daemons (and the job steps slurmd starts) as this cluster's, for stop-cluster.sh.
export LINEAGE_SLURM_CLUSTER="$DIR"
if ! alive "$DIR/slurmctld.pid"; then
  slurmctld -f "$CONF" || fail "slurmctld did not start; see $DIR/log/slurmctld.log"
  say "slurmctld started"
fi
if ! alive "$DIR/slurmd.pid"; then
  slurmd -f "$CONF" || fail "slurmd did not start; see $DIR/log/slurmd.log"
  say "slurmd started"
fi

# Ready when the node reports idle (or busy with jobs: a restarted slurmd on a running cluster).
deadline=$(( $(date +%s) + WAIT_SECONDS ))
state=""
while :; do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true)"
  case "$state" in
    idle|mixed|allocated|completing) break ;;
    down*|drain*)
      # A node left down by an earlier slurmd stop: ask for it back.
      scontrol update NodeName="$(hostname -s)" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "the node is not idle after ${WAIT_SECONDS}s (state: '${state:-no answer}'); see $DIR/log/slurmctld.log and $DIR/log/slurmd.log"
  fi
  sleep 0.5
done
say "node $state; state in $DIR"
echo "export SLURM_CONF=$CONF"
