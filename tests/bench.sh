#!/bin/sh
# make bench: how fast, and in how much memory, balprobe analyses long
# recordings.  Two recordings (60 s and 10 min, 48 kHz, 16-bit, two
# channels: a balanced pink-noise pair with common-mode 50 Hz hum at
# -40 dBFS) are made once with sox in the current (build) directory; each
# probe runs three times on each.  Wall time is the best of the three runs
# of the whole process, peak RSS the largest (GNU time's %M).
#
# Targets: at most 1 ms of wall time per second of audio (0.6 s for
# 10 min), at most 16 MiB peak RSS, and the 10 min run at most 1 MiB above
# the 60 s run (memory must not grow with the recording's length).
#
# Environment: BALPROBE (default ./balprobe), BENCH_RUNS (default 3).
set -u

balprobe=${BALPROBE:-./balprobe}
runs=${BENCH_RUNS:-3}
gnu_time=/usr/bin/time

if [ ! -x "$balprobe" ]; then
	echo "bench: $balprobe is not built — run make first" >&2
	exit 1
fi
if ! command -v sox >/dev/null 2>&1; then
	echo "bench: sox is needed to make the recordings (apt-get install sox)" >&2
	exit 1
fi
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
	echo "bench: $gnu_time (GNU time) is needed for peak RSS (apt-get install time)" >&2
	exit 1
fi

# make_recording NAME SECONDS: a balanced pair (tip +s, ring -s, pink noise
# at -22 dBFS per leg) with the same 50 Hz hum on both legs (a ground loop).
make_recording()
{
	if [ -s "$1" ] && [ "$(soxi -D "$1" 2>/dev/null)" = "$2.000000" ]; then
		return 0
	fi
	echo "bench: making $1 ($2 s)"
	sox -R -c 2 -r 48000 -n -b 16 "$1.tmp.wav" \
		synth "$2" pinknoise sine 50 \
		remix 1v0.25,2v0.01 1v-0.25,2v0.01 2>/dev/null &&
		mv "$1.tmp.wav" "$1" || {
		rm -f "$1.tmp.wav"
		echo "bench: sox could not make $1" >&2
		exit 1
	}
}

short=bench-60s.wav
long=bench-600s.wav
make_recording "$short" 60
make_recording "$long" 600

results=bench-results.txt
: >"$results"
now_ns() { date +%s%N; }

# measure FILE SECONDS PROBE: append "file probe seconds wall_s rss_kib"
measure()
{
	best=
	rss_max=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(now_ns)
		"$gnu_time" -f %M -o bench-rss.txt \
			"$balprobe" analyse --probe "$3" -q "$1" 2>bench-err.txt
		status=$?
		t1=$(now_ns)
		if [ "$status" -ne 0 ]; then
			echo "bench: balprobe analyse --probe $3 $1 exited $status:" >&2
			cat bench-err.txt >&2
			exit 1
		fi
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
		rss=$(tail -n 1 bench-rss.txt)
		if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
			best=$wall
		fi
		[ "$rss" -gt "$rss_max" ] && rss_max=$rss
		i=$((i + 1))
	done
	echo "$1 $3 $2 $best $rss_max" >>"$results"
}

for probe in listen hum; do
	measure "$short" 60 "$probe"
	measure "$long" 600 "$probe"
done
rm -f bench-rss.txt bench-err.txt

echo
echo "balprobe bench: $($balprobe --version), $(uname -m), $(nproc 2>/dev/null || echo '?') CPUs"
echo "wall time: best of $runs runs of the whole process; peak RSS: largest of $runs"
echo
awk '
BEGIN {
	printf "%-16s %-7s %8s %9s %12s %11s\n", "recording", "probe", "audio s",
	       "wall s", "ms per s", "peak RSS"
}
{
	file[NR] = $1; probe[NR] = $2; secs[NR] = $3; wall[NR] = $4; rss[NR] = $5
	printf "%-16s %-7s %8.0f %9.3f %12.3f %7.1f MiB\n", $1, $2, $3, $4,
	       1000 * $4 / $3, $5 / 1024
	if ($3 == 60) short_rss[$2] = $5; else long_rss[$2] = $5
}
function verdict(ok) { if (!ok) missed++; return ok ? "PASS" : "MISS" }
END {
	print ""
	print "targets"
	for (i = 1; i <= NR; i++) {
		ms = 1000 * wall[i] / secs[i]
		printf "  %-58s %s\n", sprintf("%s, %s: %.3f ms per s of audio <= 1 ms",
		       probe[i], file[i], ms), verdict(ms <= 1.0)
	}
	for (i = 1; i <= NR; i++)
		if (secs[i] == 600)
			printf "  %-58s %s\n", sprintf("%s, 10 min: %.3f s wall <= 0.6 s",
			       probe[i], wall[i]), verdict(wall[i] <= 0.6)
	for (i = 1; i <= NR; i++)
		printf "  %-58s %s\n", sprintf("%s, %s: peak RSS %.1f MiB <= 16 MiB",
		       probe[i], file[i], rss[i] / 1024), verdict(rss[i] <= 16 * 1024)
	for (p in long_rss) {
		d = (long_rss[p] - short_rss[p]) / 1024
		printf "  %-58s %s\n", sprintf("%s: 10 min RSS %+.2f MiB over 60 s <= 1 MiB",
		       p, d), verdict(d <= 1.0)
	}
	print ""
	if (missed)
		printf "%d target(s) missed\n", missed
	else
		print "all targets met"
}' "$results"
