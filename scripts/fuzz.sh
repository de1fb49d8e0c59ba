#!/usr/bin/env bash
# Fuzzes mutu's readers of outside files with cargo-fuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default: 45 seconds for each of territory_csv, answers_jsonl and questionnaire_toml (the CI
# step, about 3 minutes warm). Fails on any crash: a panic, or a refusal that is not a clear
# error (see fuzz/src/lib.rs). Prints, per target, the executions libFuzzer ran and the
# reproducer of a crash; writes the same summary to fuzz/last-run.txt (not committed).
#
# cargo fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets this stable toolchain build them.
# The sanitizer builds have their own target dir ($MUTU_FUZZ_TARGET_DIR, default
# ~/.cache/mutu-fuzz-target, apart from the workspace's), and the inputs found keep growing
# in ~/.cache/mutu-fuzz-corpus, so each run starts from the coverage of the previous ones;
# the checked-in seeds in fuzz/corpus/ are read too and never written.
# FUZZ_SANITIZER=address runs under AddressSanitizer (3 to 10 times fewer executions; the
# code fuzzed is safe Rust, so the default is none).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-45}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(territory_csv answers_jsonl questionnaire_toml)
fi
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi

export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never
sanitizer=${FUZZ_SANITIZER:-none}
target_dir=${MUTU_FUZZ_TARGET_DIR:-$HOME/.cache/mutu-fuzz-target}
corpus_dir=${MUTU_FUZZ_CORPUS_DIR:-$HOME/.cache/mutu-fuzz-corpus}

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

cd fuzz
cargo fmt --check
cargo fuzz build -s "$sanitizer" --target-dir "$target_dir"

summary=()
failed=0
passed=0
for target in "${targets[@]}"; do
  mkdir -p "$corpus_dir/$target" "artifacts/$target"
  log=$(mktemp)
  status=0
  cargo fuzz run -s "$sanitizer" --target-dir "$target_dir" "$target" "$corpus_dir/$target" "corpus/$target" -- \
    -dict="dict/$target.dict" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$root/fuzz/artifacts/$target/" >"$log" 2>&1 || status=$?
  executions=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -n 1)
  corpus=$(ls "$corpus_dir/$target" | wc -l)
  if ((status == 0)); then
    line="$target: ok, ${executions:-?} executions in ${seconds} s, ${corpus} inputs in the working corpus"
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    line="$target: FAILED (exit $status) after ${executions:-?} executions"
    echo "---- $target: what libFuzzer said ----" >&2
    grep -E -A12 "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY:" "$log" | head -n 40 >&2 || tail -n 40 "$log" >&2
    grep -E "Test unit written to|artifact_prefix" "$log" >&2 || true
    echo "reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -s $sanitizer $target fuzz/artifacts/$target/<file> (in fuzz/)" >&2
  fi
  echo "$line"
  summary+=("$line")
  rm -f "$log"
done

{
  echo "scripts/fuzz.sh $seconds s per target, sanitizer $sanitizer, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%s\n' "${summary[@]}"
} >last-run.txt
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
