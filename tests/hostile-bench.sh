#!/usr/bin/env bash
# Time and peak memory of `tactful check` on hostile inputs, on a release build.
#
#   tests/hostile-bench.sh            # build release `tactful`, generate inputs, measure
#
# Generates, in a temporary folder: drafts of 1, 10 and 50 MB (ordinary sentences in
# paragraphs, with jargon), a 1 MB single line, 10,000 nested blockquotes and 10,000 nested
# list levels, 100,000 question marks as a draft and as a ticket, and a ticket of 5,000
# questions. Each is checked once under `/usr/bin/time -v`; the table gives the exit code,
# wall-clock seconds, peak resident memory and, for the sized drafts, seconds per MB, so
# linear growth shows as a flat s/MB column. The tests in tests/hostile.rs assert that these
# inputs are handled correctly; this script is where their time and memory are measured.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet -p tactful --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/tactful"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Ordinary support prose of about `bytes` bytes, a blank line between paragraphs of seven
# sentences.
prose() {
  awk -v size="$1" 'BEGIN {
    s[0] = "Thanks for waiting. Your refund was sent today and should arrive within five days."
    s[1] = "If it does not arrive, reply to this email and I will chase it with the bank for you."
    s[2] = "I also checked your account settings, and nothing else needs to change on your side."
    s[3] = "I changed the DNS settings for your domain, so your site should load again soon."
    printf "Hi Ana,\n\n"; n = 9
    for (i = 0; n < size; i++) {
      line = s[i % 4]; sep = (i % 7 == 6) ? "\n\n" : " "
      printf "%s%s", line, sep; n += length(line) + length(sep)
    }
    printf "\n"
  }'
}

repeat() { # repeat STRING COUNT
  awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

mb=$((1024 * 1024))
prose $((1 * mb)) > "$work/1mb.md"
prose $((10 * mb)) > "$work/10mb.md"
prose $((50 * mb)) > "$work/50mb.md"
prose $((1 * mb)) | tr '\n' ' ' > "$work/line.md"
{ printf 'Your DNS records point at the old host.\n\n'; repeat '> ' 10000; printf 'deep\n'; } > "$work/quotes.md"
{ printf 'Your DNS records point at the old host.\n\n'; repeat '- ' 10000; printf 'deep\n'; } > "$work/lists.md"
{ printf 'Hi Ana,\n\nYes, you can export your invoices.\n\n'; repeat '?' 100000; printf '\n'; } > "$work/marks.md"
{ repeat '?' 100000; printf '\n'; } > "$work/marks.ticket.txt"
awk 'BEGIN { for (i = 1; i <= 5000; i++) printf "Why did invoice number %d go to my old address? ", i }' > "$work/5000.ticket.txt"
printf 'Hi Ana,\n\nI have updated the address on your account.\n' > "$work/short.md"

printf '%-32s %10s %5s %9s %10s %8s\n' input bytes exit "wall s" "peak MiB" "s/MB"
measure() { # measure NAME FILE [ARGS...]
  local name="$1" file="$2"; shift 2
  local code=0
  /usr/bin/time -v "$bin" check "$file" --isolated "$@" > /dev/null 2> "$work/time.txt" || code=$?
  local wall rss bytes per
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")
  bytes=$(wc -c < "$file")
  per=$(awk -v w="$wall" -v b="$bytes" 'BEGIN { if (b >= 1048576) printf "%.2f", w / (b / 1048576); else printf "-" }')
  printf '%-32s %10d %5d %9s %10s %8s\n' "$name" "$bytes" "$code" "$wall" "$rss" "$per"
}
measure "1 MB draft" "$work/1mb.md"
measure "10 MB draft" "$work/10mb.md"
measure "50 MB draft" "$work/50mb.md"
measure "1 MB single line" "$work/line.md"
measure "10,000 nested quotes" "$work/quotes.md"
measure "10,000 nested list levels" "$work/lists.md"
measure "100,000 '?' draft and ticket" "$work/marks.md" --ticket "$work/marks.ticket.txt"
measure "ticket of 5,000 questions" "$work/short.md" --ticket "$work/5000.ticket.txt"
