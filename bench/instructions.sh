#!/usr/bin/env bash
# Counts instructions instead of timing, for a figure that doesn't move with the machine's load:
# this project's VM varies by ±20% in wall time from run to run, instruction counts by <0.1%.
#
#   bash bench/instructions.sh [CORPUS]      (default ../shared/corpus/small)
#
# Needs valgrind (`apt-get install valgrind`). Prints:
# - start-up: all instructions of `tactful check` on the shipped example (loading and compiling
#   the packs on every thread, then one check);
# - the first check of every file of CORPUS, and each later one (the steady state, once the
#   lazy DFAs have built their states), as instructions per byte.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/small}
command -v valgrind >/dev/null || { echo "bench/instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -d "$corpus" ] || { echo "bench/instructions.sh: no corpus at $corpus" >&2; exit 2; }
cargo build -q --release -p tactful
cargo build -q --release -p tactful-core --example profile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

total() { # callgrind output file -> total instructions
  awk '/^(summary|totals):/ {print $2; exit}' "$1"
}

valgrind -q --tool=callgrind --callgrind-out-file="$tmp/startup.out" \
  target/release/tactful check examples/broke-my-website/reply.md >/dev/null 2>&1 || true
startup=$(total "$tmp/startup.out")

for repeat in 1 3; do
  REPEAT=$repeat valgrind -q --tool=callgrind --callgrind-out-file="$tmp/r$repeat.out" \
    --toggle-collect='tactful_core::check' target/release/examples/profile "$corpus" >/dev/null 2>&1
done
one=$(total "$tmp/r1.out")
three=$(total "$tmp/r3.out")
bytes=$(find "$corpus" -name '*.md' -type f -print0 | xargs -0 cat | wc -c)

awk -v s="$startup" -v one="$one" -v three="$three" -v b="$bytes" -v c="$corpus" 'BEGIN {
  steady = (three - one) / 2
  printf "start-up and one check of examples/broke-my-website: %.0fM instructions\n", s / 1e6
  printf "%s (%d bytes): first check of each file %.0fM (%.0f a byte), later checks %.0fM (%.0f a byte)\n",
    c, b, one / 1e6, one / b, steady / 1e6, steady / b
}'
