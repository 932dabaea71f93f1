#!/usr/bin/env bash
# lab/test-flood.sh (make test): the short flood test, about a minute and a half: lab/flood.sh with
# every defence on ("all") for 20 s of flood, results in a temporary directory. Passes when the table
# never goes over its bound, fewer than 1 % of the established clients' requests failed, and the
# download is complete with its sha256. The full comparison of every setting is `make flood`.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/jlvs-test-flood.XXXXXX)
trap 'rm -rf "$out"' EXIT
FLOOD_PHASES=all FLOOD_SECONDS=${FLOOD_SECONDS:-20} FLOOD_OUT=$out FLOOD_NAME=test-flood bash "$LAB/flood.sh"
