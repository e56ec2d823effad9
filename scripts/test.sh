#!/usr/bin/env bash
# Every test: types, layer rules and formatting, the production build, unit and integration tests (vitest, against the real
# server on temporary databases), then the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx tsc --noEmit
# The layer rules of ARCHITECTURE.md (dependency-cruiser) and the formatting (Prettier) are checked first.
npm run -s check:layers
npm run -s check:format
npx next build
# The Slurm tests run against a one-node cluster started here and stopped on exit (any exit).
# Without Slurm (or root) they are skipped with a message, except in CI, where that is a failure.
if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && [ "$(id -u)" -eq 0 ]; then
  LINEAGE_SLURM_DIR="$(mktemp -d "${TMPDIR:-/tmp}/lineage-slurm.XXXXXX")"
  trap 'bash scripts/slurm/stop-cluster.sh "$LINEAGE_SLURM_DIR"' EXIT
  eval "$(bash scripts/slurm/start-cluster.sh "$LINEAGE_SLURM_DIR")"
  export SLURM_CONF
elif [ "${CI:-}" = true ] || [ "${LINEAGE_REQUIRE_SLURM:-}" = 1 ]; then
  echo "the Slurm tests must run in CI, but Slurm is not installed or this is not root (.ci/run installs slurm-wlm and munge)" >&2
  exit 1
else
  echo "Slurm is not installed (or this is not root): the Slurm tests are skipped (apt-get install slurm-wlm munge to run them)"
fi
npx vitest run
npx playwright test
