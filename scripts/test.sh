#!/usr/bin/env bash
# Every test: types, the production build, unit and integration tests (vitest, against the real
# server on temporary databases), then the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx tsc --noEmit
npx next build
npx vitest run
npx playwright test
