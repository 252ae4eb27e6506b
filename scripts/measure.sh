# Sourced by scripts/bench and scripts/bench-inputs (not run on its own). Expects $OUT (a
# scratch directory) and $RESULTS (the file the rows go to).
#
# measure NAME RUNS SETUP COMMAND...: runs SETUP (untimed) then COMMAND under
# /usr/bin/time -v, RUNS times; prints the medians of wall time, CPU time (user + system) and
# peak memory, and the wall time's min-max, and records "NAME wall MB cpu min max".
measure() {
    local name=$1 runs=$2 setup=$3
    shift 3
    local log=$OUT/time.log
    : > "$OUT/samples"
    for _ in $(seq "$runs"); do
        eval "$setup"
        /usr/bin/time -v -o "$log" "$@" > /dev/null 2> "$OUT/stderr" || { cat "$OUT/stderr" >&2; return 1; }
        python3 - "$log" >> "$OUT/samples" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
h, m, s = wall.groups()
seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
print(seconds, rss, user + system)
EOF
    done
    python3 - "$name" "$OUT/samples" >> "$RESULTS" <<'EOF'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
wall = [r[0] for r in rows]
rss = statistics.median(r[1] for r in rows) / 1024
cpu = statistics.median(r[2] for r in rows)
print(f"{sys.argv[1]} {statistics.median(wall):.3f} {rss:.1f} {cpu:.3f} {min(wall):.3f} {max(wall):.3f}")
EOF
    tail -n 1 "$RESULTS" | awk '{printf "%-28s median %8.3f s (min %.3f, max %.3f)   cpu %7.3f s   peak %7.1f MB\n", $1, $2, $5, $6, $4, $3}'
}
median_of() { awk -v n="$1" '$1 == n { print $2 }' "$RESULTS"; }
peak_of() { awk -v n="$1" '$1 == n { print $3 }' "$RESULTS"; }

