#!/usr/bin/env bash
# Instructions per operation of the firing paths, counted by valgrind's callgrind: unlike
# nanoseconds, these do not move when the machine is busy. Each case runs twice (1M and 2M
# operations) and the difference cancels start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
swift build -c release --product trace-bench >/dev/null
bin=.build/release/trace-bench
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --profile "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-18s %s\n' case instructions_per_op
for c in baseline disabled count keyed pair; do
    a=$(count "$c" 1000000)
    b=$(count "$c" 2000000)
    printf '%-18s %d\n' "$c" $(( (b - a) / 1000000 ))
done
