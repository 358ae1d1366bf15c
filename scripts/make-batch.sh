#!/usr/bin/env bash
# Makes a batch of N fixture-sized reports for the batch benchmark (benches/README.md):
# fixtures/roundtable-3 copied N times into DIR/rNNN/, each with an id of its own.
# Usage: scripts/make-batch.sh [N=100] [DIR=/tmp/folio-batch]
set -euo pipefail
n=${1:-100}
dir=${2:-/tmp/folio-batch}
root=$(cd "$(dirname "$0")/.." && pwd)
marker=.made-by-make-batch
# Only a folder this script made is emptied first.
if [ -e "$dir" ] && [ ! -e "$dir/$marker" ]; then
  echo "$dir exists and was not made by this script; choose another folder" >&2
  exit 1
fi
rm -rf "$dir"
mkdir -p "$dir"
touch "$dir/$marker"
for i in $(seq -w 1 "$n"); do
  mkdir "$dir/r$i"
  cp "$root"/fixtures/roundtable-3/*.yaml "$dir/r$i/"
  sed -i "s/^id: roundtable-3\$/id: roundtable-3-$i/" "$dir/r$i/report.yaml"
done
echo "$n reports in $dir"
