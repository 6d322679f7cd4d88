#!/usr/bin/env bash
# Dependency audit: fails on a high or critical advisory against a production dependency.
# A registry that does not serve advisories (some mirrors answer the audit endpoint 405) is
# reported as "not audited" rather than taken for a clean result; AUDIT_REQUIRED=1 makes that
# a failure too (for release pipelines that reach the public registry). Extra arguments go to
# `npm audit` (for example --registry).
set -uo pipefail
cd "$(dirname "$0")/.."

output=$(npm audit --omit=dev --audit-level=high "$@" 2>&1)
status=$?
if [ "$status" -eq 0 ]; then
  printf '%s\n' "$output" | tail -n 3
  echo "dependency audit: no high or critical advisories in production dependencies"
  exit 0
fi
if grep -q "audit endpoint returned an error" <<<"$output"; then
  echo "dependency audit: NOT AUDITED, the registry did not serve advisories:"
  grep -m 1 "npm warn audit" <<<"$output" || true
  [ "${AUDIT_REQUIRED:-0}" = "1" ] && exit 1
  exit 0
fi
printf '%s\n' "$output"
echo "dependency audit: failed (high or critical advisories above, or npm audit could not run)"
exit 1
