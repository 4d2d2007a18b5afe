#!/usr/bin/env bash
# A longer libFuzzer campaign over the fuzz targets (docs/SECURITY.md records the last one). Each target runs until
# RUNS executions or SECONDS seconds, whichever comes first, at nice 19, over a copy of its seed corpus in WORK/<name>/
# (new inputs go there; the source tree is never written), with its dictionary; PARALLEL targets at a time.
# Afterwards WORK/summary.tsv has one line per target: executions, exec/s, cov, ft, corpus size (files), new units,
# peak RSS, slowest input, and the crash/timeout/leak/oom artifacts left in WORK/<name>/.
#
#   cmake -S . -B build/campaign -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#         -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DAUTHWIRE_LIBFUZZER=ON -DAUTHWIRE_BUILD_TESTS=OFF \
#         -DAUTHWIRE_BUILD_EXAMPLES=OFF -DAUTHWIRE_BUILD_BENCH=OFF
#   cmake --build build/campaign -j2
#   fuzz/campaign.sh build/campaign/fuzz /tmp/campaign 1800 10000000 2 [target …]
#   fuzz/campaign.sh --summarize /tmp/campaign      # WORK/summary.tsv again from the logs
set -euo pipefail
summarize_only=
if [[ ${1:-} == --summarize && $# -eq 2 ]]; then
    summarize_only=1 bin= seconds= runs= parallel=1 work=$2
    shift 2
else
    [[ $# -ge 5 ]] || { echo "usage: $0 FUZZER_DIR WORK SECONDS RUNS PARALLEL [target …] | --summarize WORK" >&2; exit 2; }
    bin=$(realpath "$1") work=$2 seconds=$3 runs=$4 parallel=$5
    shift 5
fi
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
work=$(realpath "$work")
if [[ $# -eq 0 && -z $summarize_only ]]; then
    set -- $(cd "$bin" && ls fuzz_* | grep -v '\.' | sed 's/^fuzz_//')
fi

run_one() {
    local target=$1 name=${1#*_} dir
    dir=$work/$target
    rm -rf "$dir"
    mkdir -p "$dir/corpus"
    cp "$src/corpus/$name"/* "$dir/corpus/"
    local dict=() args
    [[ -f $src/dict/$name.dict ]] && dict=(-dict="$src/dict/$name.dict")
    args=(-max_total_time="$seconds" -runs="$runs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix="$dir/" "${dict[@]}" "$dir/corpus")
    local start=$SECONDS
    nice -n 19 "$bin/fuzz_$target" "${args[@]}" >"$dir/log" 2>&1 || true
    summarize_one "$target" $((SECONDS - start))
}

# One line of WORK/summary.tsv from WORK/<target>/log.
summarize_one() {
    local target=$1 elapsed=$2 dir=$work/$1
    local done_line execs rate cov ft corpus added rss slowest artifacts
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -1 || true)
    [[ -n $done_line ]] || done_line=$(grep -E '^#[0-9]+[[:space:]]' "$dir/log" | tail -1 || true)
    execs=$(grep -oP 'stat::number_of_executed_units:\s+\K[0-9]+' "$dir/log" || echo "?")
    rate=$(grep -oP 'stat::average_exec_per_sec:\s+\K[0-9]+' "$dir/log" || echo "?")
    cov=$(grep -oP ' cov: \K[0-9]+' <<<"$done_line" || echo "?")
    ft=$(grep -oP ' ft: \K[0-9]+' <<<"$done_line" || echo "?")
    added=$(grep -oP 'stat::new_units_added:\s+\K[0-9]+' "$dir/log" || echo "?")
    rss=$(grep -oP 'stat::peak_rss_mb:\s+\K[0-9]+' "$dir/log" || echo "?")
    slowest=$(grep -oP 'stat::slowest_unit_time_sec:\s+\K[0-9]+' "$dir/log" || echo "?")
    corpus=$(ls "$dir/corpus" | wc -l)
    artifacts=$(cd "$dir" && ls -1 crash-* timeout-* leak-* oom-* slow-unit-* 2>/dev/null | tr '\n' ' ' || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$execs" "$rate" "$cov" "$ft" "$corpus" "$added" \
        "$rss" "$slowest" "$elapsed" "${artifacts:-none}" >>"$work/summary.tsv"
}
export -f run_one summarize_one
export bin work seconds runs src

header() {
    printf 'target\texecutions\texec/s\tcov\tft\tcorpus\tnew_units\tpeak_rss_mb\tslowest_s\tseconds\tartifacts\n'
}
if [[ $summarize_only ]]; then  # --summarize WORK: the table again, from the logs (seconds as libFuzzer counted)
    header >"$work/summary.tsv"
    for log in "$work"/*/log; do
        target=$(basename "$(dirname "$log")")
        summarize_one "$target" "$(grep -oP '^Done [0-9]+ runs in \K[0-9]+' "$log" || echo "?")"
    done
    column -t -s $'\t' "$work/summary.tsv"
    exit 0
fi
[[ -f $work/summary.tsv ]] || header >"$work/summary.tsv"
printf '%s\n' "$@" | xargs -P "$parallel" -I{} bash -c 'run_one {}'
column -t -s $'\t' "$work/summary.tsv"
