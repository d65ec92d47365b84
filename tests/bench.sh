#!/bin/sh
# make bench: how fast, and in how much memory, balprobe analyses long
# recordings.  Two recordings (60 s and 10 min, 48 kHz, 16-bit, two
# channels: a balanced pink-noise pair with common-mode 50 Hz hum at
# -40 dBFS) are made once with sox in the current (build) directory; each
# probe runs three times on each.  Wall time is the best of the three runs
# of the whole process, peak RSS the largest (the kernel's ru_maxrss, as
# GNU time reports it).  The runs are timed by tests/bench-run, which forks
# and waits for each one itself: timing from the shell with $(date)
# would add the start-up of two more processes to every figure.
#
# Targets: at most 1 ms of wall time per second of audio (0.6 s for
# 10 min), at most 16 MiB peak RSS, and the 10 min run at most 1 MiB above
# the 60 s run (memory must not grow with the recording's length).
#
# The out probe: a 10 s and a 1 s exponential sine sweep (10 Hz to 23 kHz,
# mono 32-bit float, 48 kHz) as the stimulus, and each one's recording as
# a balanced port returns it (tip +s/2, ring -s/2, 12.3 ms late, 24-bit),
# analysed with 'balprobe analyse --probe out --stimulus SWEEP REC -q':
# at most 40 ms (10 s) and 15 ms (1 s) of wall time, best of five runs of
# the whole process, and at most 64 MiB peak RSS.  And a whole live
# measurement on the simulated interface, 'balprobe -d sim out1 -q': at
# most 1 s, best of five.  The in probe: 'analyse --probe in' on a take of
# the sim within 1.2 x the out probe's time on its take, per second of
# stimulus (issue 15).
#
# FFTW's wisdom cache (balprobe(1), FILES) lives in bench-cache/ here.
# The out probe's targets are for a warm cache, as every run after the
# first of a sweep length finds it; the same runs with the cache removed
# before each one are shown beside them, without a target.
#
# Environment: BALPROBE (default ./balprobe), BENCH_RUN (default
# tests/bench-run), BENCH_RUNS (default 3), BENCH_OUT_RUNS (default 5).
set -u
XDG_CACHE_HOME=$(pwd)/bench-cache
export XDG_CACHE_HOME

balprobe=${BALPROBE:-./balprobe}
runs=${BENCH_RUNS:-3}
out_runs=${BENCH_OUT_RUNS:-5}
bench_run=${BENCH_RUN:-tests/bench-run}

if [ ! -x "$balprobe" ]; then
	echo "bench: $balprobe is not built — run make first" >&2
	exit 1
fi
if [ ! -x "$bench_run" ]; then
	echo "bench: $bench_run is not built — run make bench" >&2
	exit 1
fi
if ! command -v sox >/dev/null 2>&1; then
	echo "bench: sox is needed to make the recordings (apt-get install sox)" >&2
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

# make_sweep NAME SECONDS: the stimulus, an exponential sweep at -6 dBFS
# with 10 ms fades; then NAME's recording, bench-rec-SECONDSs.wav.
make_sweep()
{
	rec=bench-rec-$2s.wav
	if [ -s "$1" ] && [ -s "$rec" ] &&
		[ "$(soxi -D "$1" 2>/dev/null)" = "$2.000000" ]; then
		return 0
	fi
	echo "bench: making $1 and $rec ($2 s sweep)"
	sox -R -n -r 48000 -c 1 -e floating-point -b 32 "$1.tmp.wav" \
		synth "$2" sine 10/23000 vol 0.5 fade h 0.01 "$2" 0.01 2>/dev/null &&
		sox -R "$1.tmp.wav" -b 24 "$rec.tmp.wav" \
			pad 0.0123 0.5 remix 1v0.5 1v-0.5 2>/dev/null &&
		mv "$1.tmp.wav" "$1" && mv "$rec.tmp.wav" "$rec" || {
		rm -f "$1.tmp.wav" "$rec.tmp.wav"
		echo "bench: sox could not make $1 and $rec" >&2
		exit 1
	}
}

make_sweep bench-sweep-10s.wav 10
make_sweep bench-sweep-1s.wav 1

results=bench-results.txt
: >"$results"

# timed RUNS COMMAND...: run COMMAND RUNS times under bench-run; its
# "best_s median_s peak_rss_kib" in $timing.  Stops the bench, showing
# COMMAND's complaint, when a run fails.
timed()
{
	timing=$("$bench_run" "$@" 2>bench-err.txt) || {
		echo "bench: ${*#* } failed:" >&2
		cat bench-err.txt >&2
		exit 1
	}
}

# measure FILE SECONDS PROBE: append "file probe seconds wall_s rss_kib"
measure()
{
	timed "$runs" "$balprobe" analyse --probe "$3" -q "$1"
	echo "$1 $3 $2 ${timing%% *} ${timing##* }" >>"$results"
}

for probe in listen hum; do
	measure "$short" 60 "$probe"
	measure "$long" 600 "$probe"
done

# time_cmd NAME WALL_TARGET_S RSS_TARGET_MIB COMMAND...: the best of
# out_runs runs of COMMAND and the largest peak RSS; append "wall_s rss_kib
# wall_target_s rss_target_mib name" to $out_results.  With cold=1, the
# wisdom cache is removed before every run.
out_results=bench-out-results.txt
: >"$out_results"
time_cmd()
{
	name=$1
	wall_target=$2
	rss_target=$3
	shift 3
	if [ "$cold" = 1 ]; then
		best=
		rss_max=0
		i=0
		while [ "$i" -lt "$out_runs" ]; do
			rm -rf "$XDG_CACHE_HOME"
			timed 1 "$@"
			wall=${timing%% *}
			rss=${timing##* }
			if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
				best=$wall
			fi
			[ "$rss" -gt "$rss_max" ] && rss_max=$rss
			i=$((i + 1))
		done
	else
		timed "$out_runs" "$@"
		best=${timing%% *}
		rss_max=${timing##* }
	fi
	echo "$best $rss_max $wall_target $rss_target $name" >>"$out_results"
}

cold=0
time_cmd "analyse out, 10 s sweep" 0.040 64 \
	"$balprobe" analyse --probe out --stimulus bench-sweep-10s.wav bench-rec-10s.wav -q
time_cmd "analyse out, 1 s sweep" 0.015 64 \
	"$balprobe" analyse --probe out --stimulus bench-sweep-1s.wav bench-rec-1s.wav -q
time_cmd "-d sim out1" 1.0 - "$balprobe" -d sim out1 -q
# The in probe against the out probe, each on a take of the sim saved with
# --save: within 1.2 x the out probe's wall time per second of stimulus.
rm -rf bench-takes
"$balprobe" -q -d sim out1 --save bench-takes &&
	"$balprobe" -q -d sim:input=balanced in1 --save bench-takes || exit 1
time_cmd "analyse out, sim take" - 64 "$balprobe" analyse --probe out \
	--stimulus bench-takes/out1-stimulus.wav bench-takes/out1-recording.wav -q
in_target=$(awk -v w="$best" -v a="$(soxi -D bench-takes/in1-stimulus.wav 2>/dev/null)" \
	-v b="$(soxi -D bench-takes/out1-stimulus.wav 2>/dev/null)" 'BEGIN { printf "%.4f", 1.2 * w * a / b }')
time_cmd "analyse in, sim take" "$in_target" 64 "$balprobe" analyse --probe in \
	--stimulus bench-takes/in1-stimulus.wav bench-takes/in1-recording.wav -q
cold=1
time_cmd "10 s sweep, cold cache" - - \
	"$balprobe" analyse --probe out --stimulus bench-sweep-10s.wav bench-rec-10s.wav -q
time_cmd "1 s sweep, cold cache" - - \
	"$balprobe" analyse --probe out --stimulus bench-sweep-1s.wav bench-rec-1s.wav -q
rm -rf bench-err.txt bench-takes "$XDG_CACHE_HOME"

echo
echo "balprobe bench: $($balprobe --version), $(uname -m), $(nproc 2>/dev/null || echo '?') CPUs"
echo "listen, hum: wall time best of $runs runs of the whole process, peak RSS largest of $runs"
echo "out probe, sim: wall time best of $out_runs runs of the whole process, peak RSS largest of them"
echo
awk '
BEGIN {
	printf "%-16s %-7s %8s %9s %12s %11s\n", "recording", "probe", "audio s",
	       "wall s", "ms per s", "peak RSS"
}
FILENAME != ARGV[1] {
	# The out probe and the sim: wall rss wall_target rss_target name.
	on++
	owall[on] = $1; orss[on] = $2; owt[on] = $3; ort[on] = $4
	oname[on] = $5
	for (f = 6; f <= NF; f++)
		oname[on] = oname[on] " " $f
	next
}
{
	n++
	file[n] = $1; probe[n] = $2; secs[n] = $3; wall[n] = $4; rss[n] = $5
	printf "%-16s %-7s %8.0f %9.3f %12.3f %7.1f MiB\n", $1, $2, $3, $4,
	       1000 * $4 / $3, $5 / 1024
	if ($3 == 60) short_rss[$2] = $5; else long_rss[$2] = $5
}
function verdict(ok) { if (!ok) missed++; return ok ? "PASS" : "MISS" }
function target(text, ok) { printf "  %-58s %s\n", text, verdict(ok) }
END {
	print ""
	printf "%-25s %9s %11s\n", "out probe / live sim", "wall ms", "peak RSS"
	for (i = 1; i <= on; i++)
		printf "%-25s %9.1f %7.1f MiB\n", oname[i], 1000 * owall[i], orss[i] / 1024
	print ""
	print "targets"
	for (i = 1; i <= n; i++) {
		ms = 1000 * wall[i] / secs[i]
		target(sprintf("%s, %s: %.3f ms per s of audio <= 1 ms", probe[i], file[i], ms),
		       ms <= 1.0)
	}
	for (i = 1; i <= n; i++)
		if (secs[i] == 600)
			target(sprintf("%s, 10 min: %.3f s wall <= 0.6 s", probe[i], wall[i]),
			       wall[i] <= 0.6)
	for (i = 1; i <= n; i++)
		target(sprintf("%s, %s: peak RSS %.1f MiB <= 16 MiB", probe[i], file[i],
			       rss[i] / 1024), rss[i] <= 16 * 1024)
	for (p in long_rss) {
		d = (long_rss[p] - short_rss[p]) / 1024
		target(sprintf("%s: 10 min RSS %+.2f MiB over 60 s <= 1 MiB", p, d), d <= 1.0)
	}
	for (i = 1; i <= on; i++)
		if (owt[i] != "-")
			target(sprintf("%s: %.1f ms wall <= %g ms", oname[i], 1000 * owall[i],
				       1000 * owt[i]), owall[i] <= owt[i])
	for (i = 1; i <= on; i++)
		if (ort[i] != "-")
			target(sprintf("%s: peak RSS %.1f MiB <= %d MiB", oname[i],
				       orss[i] / 1024, ort[i]), orss[i] <= ort[i] * 1024)
	print ""
	if (missed)
		printf "%d target(s) missed\n", missed
	else
		print "all targets met"
}' "$results" "$out_results"
