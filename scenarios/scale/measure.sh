#!/usr/bin/env bash
# Measures the scale cases for the README's table (issue 11): each case run with the launcher
# (`bin/livemig run FILE --json OUT`), whole process, /usr/bin/time (cpu = user + sys, wall, peak
# RSS), RUNS times (default 1; the median by cpu is printed), then `livemig bench --repeat 1
# --warmup 0` once for the kernel's event count (the same every run). Prints a Markdown table.
#
#   scenarios/scale/measure.sh [CASE.conf ...]     # default: every sg-scale-*.conf, smallest first
#   RUNS=3 scenarios/scale/measure.sh              # the median of 3 runs per case
#   LIVEMIG_JAR=other.jar scenarios/scale/measure.sh   # another build, same launcher
# The 100,000-migration case needs more heap than the default: it is run with -Xmx8g.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
bin="$here/bin/livemig"
runs="${RUNS:-1}"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(ls scenarios/scale/sg-scale-*.conf \
    | while read -r f; do n=$(grep -c '{ drain {' "$f"); echo "$n $f"; done | sort -n | cut -d' ' -f2)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --version > /dev/null # the launcher's first call after a build makes its class-data archive: not measured
echo "| case | migrations | cpu s (user+sys) | wall s | peak RSS MB | cpu ms per migration | kernel events | events per cpu s |"
echo "|---|---|---|---|---|---|---|---|"
for f in "${cases[@]}"; do
  name=$(basename "$f" .conf)
  opts="${LIVEMIG_JAVA_OPTS:-}"
  case "$name" in *10000x20*) opts="$opts -Xmx8g" ;; esac
  : > "$tmp/times"
  for ((i = 0; i < runs; i++)); do
    LIVEMIG_JAVA_OPTS="$opts" /usr/bin/time -f "%U %S %e %M" -o "$tmp/t" "$bin" run "$f" --json "$tmp/r.json" > "$tmp/out" 2>&1 \
      || { echo "$f: the run failed:" >&2; tail -5 "$tmp/out" >&2; exit 1; }
    awk '{printf "%.2f %.2f %.0f\n", $1 + $2, $3, $4 / 1024}' "$tmp/t" >> "$tmp/times"
  done
  read -r cpu wall rss < <(sort -n "$tmp/times" | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}')
  LIVEMIG_JAVA_OPTS="$opts" "$bin" bench --scenario "$f" --repeat 1 --warmup 0 > "$tmp/bench" 2>&1
  read -r migrations events < <(awk -v n="$name" '$1 == n {print $2, $4}' "$tmp/bench")
  awk -v n="$name" -v m="$migrations" -v c="$cpu" -v w="$wall" -v r="$rss" -v e="$events" 'BEGIN {
    printf "| `%s` | %d | %.2f | %.2f | %d | %.2f | %d | %d |\n", n, m, c, w, r, 1000 * c / m, e, e / c }'
done
