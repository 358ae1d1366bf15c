#!/bin/sh
# Pictures of the shipped layouts for the README: the first page of the roundtable fixture's
# English edition in each layout under layouts/, drawn by pdftoppm at 40 dpi into
# docs/layouts/NAME.png. Run from anywhere after `cargo build --release`.
set -eu
cd "$(dirname "$0")/.."
folio=target/release/folio
if [ ! -x "$folio" ]; then
    echo "build the release binary first: cargo build --release" >&2
    exit 1
fi
command -v pdftoppm >/dev/null || { echo "pdftoppm (poppler-utils) is needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/layouts
for file in layouts/*.yaml; do
    name=$(basename "$file" .yaml)
    "$folio" build fixtures/roundtable-3/report.yaml --layout "$name" --lang en --format pdf \
        -o "$tmp/$name" >/dev/null
    pdftoppm -r 40 -png -f 1 -l 1 -singlefile "$tmp/$name/roundtable-3.en.pdf" "docs/layouts/$name"
    echo "docs/layouts/$name.png"
done
