#!/bin/sh
# make bench-long: does memory stay flat over a recording of hours?  A
# 3-hour two-channel 16-bit 48 kHz WAV (about 2 GB; tests/bench-long-wav.py
# writes it as it makes it) and a 10-minute one of the same signal are
# made in $TMPDIR (default /tmp), never committed, and deleted afterwards
# unless KEEP=1.  'balprobe analyse --probe hum' and '--probe listen' run
# once on each under GNU time: wall time and peak RSS.
#
# Target: peak RSS at or under 16 MiB on the 3-hour file, and within
# 1 MiB of the 10-minute file's (memory must not grow with the length).
#
# Environment: BALPROBE (default ./balprobe), BENCH_LONG_S (default 10800),
# KEEP, TMPDIR.
set -u

me=bench-long
balprobe=${BALPROBE:-./balprobe}
long_s=${BENCH_LONG_S:-10800}
dir=${TMPDIR:-/tmp}
gnu_time=/usr/bin/time
srcdir=$(dirname "$0")

if [ ! -x "$balprobe" ]; then
	echo "$me: $balprobe is not built — run make first" >&2
	exit 1
fi
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
	echo "$me: $gnu_time (GNU time) is needed for peak RSS (apt-get install time)" >&2
	exit 1
fi
need_kib=$(((long_s + 600) * 48000 * 4 / 1024 + 65536))
free_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ "$free_kib" -lt "$need_kib" ]; then
	echo "$me: $dir has $((free_kib / 1024)) MiB free; the recordings need $((need_kib / 1024)) MiB — set TMPDIR to a roomier place" >&2
	exit 1
fi

long=$dir/balprobe-bench-${long_s}s.wav
short=$dir/balprobe-bench-600s.wav
results=$dir/balprobe-bench-long.txt
if [ "${KEEP:-}" = 1 ]; then
	trap 'rm -f "$results"' EXIT
else
	trap 'rm -f "$long" "$long.tmp" "$short" "$short.tmp" "$results"' EXIT
fi
trap 'exit 1' HUP INT TERM

for f in "$short:600" "$long:$long_s"; do
	file=${f%:*}
	secs=${f##*:}
	[ -s "$file" ] && continue
	echo "$me: making $file ($secs s)"
	t0=$(date +%s)
	python3 "$srcdir/bench-long-wav.py" "$file" "$secs" || exit 1
	echo "$me: made in $(($(date +%s) - t0)) s, $(($(wc -c <"$file") / 1048576)) MiB"
done

: >"$results"
for probe in hum listen; do
	for f in "$short:600" "$long:$long_s"; do
		file=${f%:*}
		"$gnu_time" -f '%e %M' -o "$dir/balprobe-bench-time.txt" \
			"$balprobe" analyse --probe "$probe" -q "$file" 2>"$dir/balprobe-bench-err.txt"
		status=$?
		if [ "$status" -ne 0 ]; then
			echo "$me: analyse --probe $probe $file exited $status:" >&2
			cat "$dir/balprobe-bench-err.txt" >&2
			rm -f "$dir/balprobe-bench-time.txt" "$dir/balprobe-bench-err.txt"
			exit 1
		fi
		echo "$probe ${f##*:} $(tail -n 1 "$dir/balprobe-bench-time.txt")" >>"$results"
	done
done
rm -f "$dir/balprobe-bench-time.txt" "$dir/balprobe-bench-err.txt"

echo
echo "balprobe bench-long: $("$balprobe" --version), $(uname -m), $(nproc 2>/dev/null || echo '?') CPUs"
awk '
BEGIN { printf "%-7s %9s %9s %12s %11s\n", "probe", "audio s", "wall s", "ms per s", "peak RSS" }
{
	printf "%-7s %9d %9.2f %12.3f %7.1f MiB\n", $1, $2, $3, 1000 * $3 / $2, $4 / 1024
	if ($2 == 600) short[$1] = $4; else { long[$1] = $4; secs = $2 }
}
function target(text, ok) { printf "  %-60s %s\n", text, ok ? "PASS" : "MISS"; if (!ok) missed++ }
END {
	print ""
	print "targets"
	for (p in long) {
		target(sprintf("%s, %d s: peak RSS %.1f MiB <= 16 MiB", p, secs, long[p] / 1024),
		       long[p] <= 16 * 1024)
		target(sprintf("%s: %d s RSS %+.2f MiB over 10 min <= 1 MiB", p, secs,
			       (long[p] - short[p]) / 1024), long[p] - short[p] <= 1024)
	}
	print ""
	if (missed) { printf "%d target(s) missed\n", missed; exit 1 }
	print "all targets met"
}' "$results"
