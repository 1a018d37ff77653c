#!/usr/bin/env bash
# Measures the scale cases for the README's table (issues 11, 30): each case run with the launcher
# (`bin/livemig run FILE --json OUT`), whole process, /usr/bin/time (cpu = user + sys, wall, peak
# RSS), RUNS times (default 1; the median by cpu is printed), then `livemig bench --repeat 1
# --warmup 0` once for the kernel's event count (the same every run). When SimGrid 3.32 is
# installed (Debian: libsimgrid-dev), the same case with SimGrid's VM live-migration plugin
# (scenarios/scale/simgrid/scale.cpp, built here into target/) right after each livemig run, whole
# process, the same way: its cpu, wall, peak RSS and the simulated makespans of both. Prints a
# Markdown table.
#
#   scenarios/scale/measure.sh [CASE.conf ...]     # default: every sg-scale-*.conf, smallest first
#   RUNS=3 scenarios/scale/measure.sh              # the median of 3 runs per case
#   LIVEMIG_JAR=other.jar scenarios/scale/measure.sh   # another build, same launcher
#   SIMGRID=0 scenarios/scale/measure.sh           # livemig only
#   EVENTS=0 scenarios/scale/measure.sh            # no `bench` run (its event count): half the time
#   SIMGRID_MAX=N                                  # SimGrid only up to N migrations (default 100000:
#                                                  #  beyond, its actors' stacks do not fit in 24 GiB)
# A case sg-scale-NxV-drainD.conf that does not exist (e.g. the 1,000,000 case, 100 MB of HOCON)
# is written first by gen_scale.py into target/.
# SimGrid runs with its default configuration up to 20,000 migrations; above, with 16 KiB actor
# stacks and no guard pages (--cfg=contexts/stack-size:16 --cfg=contexts/guard-size:0): with its
# default 8 MiB stacks and a guard page each, 3 actors per migration (the harness's and the
# plugin's two) need more memory mappings than Linux's vm.max_map_count (65,530) allows, and the
# run aborts; 64 KiB stacks take 19 GB at 100,000 (malloc'd, all touched).
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
sg=""
if [ "${SIMGRID:-1}" != 0 ]; then
  if [ -f /usr/include/simgrid/plugins/live_migration.h ] && command -v g++ > /dev/null; then
    mkdir -p target
    sg=target/simgrid-scale
    if [ ! -x "$sg" ] || [ scenarios/scale/simgrid/scale.cpp -nt "$sg" ]; then
      g++ -O2 -std=c++17 -o "$sg" scenarios/scale/simgrid/scale.cpp -lsimgrid || { echo "SimGrid harness: build failed" >&2; sg=""; }
    fi
  else
    echo "SimGrid 3.32 is not installed (apt-get install libsimgrid-dev): livemig only" >&2
  fi
fi
"$bin" --version > /dev/null # the launcher's first call after a build makes its class-data archive: not measured
median() { sort -n "$1" | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}'; }
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| case | migrations | cpu s (user+sys) | wall s | peak RSS MB | cpu ms per migration | kernel events | events per cpu s | SimGrid cpu s | SimGrid wall s | SimGrid peak RSS MB | cpu ratio | makespan s livemig / SimGrid |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for f in "${cases[@]}"; do
  name=$(basename "$f" .conf)
  if [ ! -f "$f" ]; then
    read -r nh vph nd < <(echo "$name" | sed -E 's/^sg-scale-([0-9]+)x([0-9]+)-drain([0-9]+).*/\1 \2 \3/')
    mkdir -p target; f="target/$name.conf"
    [ -f "$f" ] || python3 scenarios/scale/gen_scale.py "$nh" "$vph" "$nd" "$f"
  fi
  read -r nh vph nd < <(echo "$name" | sed -E 's/^sg-scale-([0-9]+)x([0-9]+)-drain([0-9]+).*/\1 \2 \3/')
  dirty=""; case "$name" in *-dirty) dirty=0.01 ;; esac
  opts="${LIVEMIG_JAVA_OPTS:-}"
  : > "$tmp/times"; : > "$tmp/sgtimes"
  for ((i = 0; i < runs; i++)); do
    LIVEMIG_JAVA_OPTS="$opts" /usr/bin/time -f "%U %S %e %M" -o "$tmp/t" "$bin" run "$f" --json "$tmp/r.json" > "$tmp/out" 2>&1 \
      || { echo "$f: the run failed:" >&2; tail -5 "$tmp/out" >&2; exit 1; }
    awk '{printf "%.2f %.2f %.0f\n", $1 + $2, $3, $4 / 1024}' "$tmp/t" >> "$tmp/times"
    if [ -n "$sg" ] && [ $((nd * vph)) -le "${SIMGRID_MAX:-100000}" ]; then
      sgcfg=(--log=root.thres:critical)
      [ $((nd * vph)) -gt 20000 ] && sgcfg+=(--cfg=contexts/stack-size:16 --cfg=contexts/guard-size:0)
      /usr/bin/time -f "%U %S %e %M" -o "$tmp/t" "$sg" "$nh" "$vph" "$nd" 8 1 0 $dirty "${sgcfg[@]}" > "$tmp/sgout" 2>&1 \
        || { echo "$f: SimGrid failed:" >&2; tail -3 "$tmp/sgout" >&2; }
      awk '{printf "%.2f %.2f %.0f\n", $1 + $2, $3, $4 / 1024}' "$tmp/t" >> "$tmp/sgtimes"
    fi
  done
  read -r cpu wall rss < <(median "$tmp/times")
  read -r sgcpu sgwall sgrss < <(median "$tmp/sgtimes")
  # the report's migration records (4 spaces deep; streamed: the 1,000,000 case's report is 2.7 GB)
  read -r nmig makespan < <(awk '/^  "migrations" : \[/ {in_m = 1} /^  "drains"/ {in_m = 0}
    in_m && /^    "id" : / {n++} in_m && /^    "finishedAt" : / {v = $3 + 0; if (v > max) max = v}
    END {printf "%d %.1f\n", n, max}' "$tmp/r.json")
  sgmakespan=$(awk '{for (i = 1; i < NF; i++) if ($i == "makespan") printf "%.1f", $(i + 1)}' "$tmp/sgout" 2>/dev/null)
  if [ "${EVENTS:-1}" != 0 ]; then
    LIVEMIG_JAVA_OPTS="$opts" "$bin" bench --scenario "$f" --repeat 1 --warmup 0 > "$tmp/bench" 2>&1
    read -r migrations events < <(awk -v n="$name" '$1 == n {print $2, $4}' "$tmp/bench")
  else
    migrations=$nmig; events=0
  fi
  awk -v n="$name" -v m="$migrations" -v c="$cpu" -v w="$wall" -v r="$rss" -v e="$events" \
      -v sc="${sgcpu:-}" -v sw="${sgwall:-}" -v sr="${sgrss:-}" -v ms="${makespan:-?}" -v sm="${sgmakespan:-}" 'BEGIN {
    if (e > 0) printf "| `%s` | %d | %.2f | %.2f | %d | %.2f | %d | %d |", n, m, c, w, r, 1000 * c / m, e, e / c
    else printf "| `%s` | %d | %.2f | %.2f | %d | %.2f | not counted | |", n, m, c, w, r, 1000 * c / m
    if (sc != "") printf " %.2f | %.2f | %d | %.2f | %s / %s |\n", sc, sw, sr, c / sc, ms, sm
    else printf " not run | | | | %s / |\n", ms }'
  rm -f "$tmp/sgout"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
