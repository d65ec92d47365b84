#!/bin/sh
# Write the JSON of every fixture and of a set of sim runs into DIR, one
# file each, so a change meant to keep the output (a refactor) can be
# checked with `diff -r BEFORE AFTER`.  Not run by make check: run it
# with the old and the new build.
#
#   BALPROBE=/old/balprobe tests/json-snapshot.sh /tmp/before
#   BALPROBE=/new/balprobe tests/json-snapshot.sh /tmp/after
#   diff -r /tmp/before /tmp/after

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
BALPROBE=${BALPROBE:-$top_builddir/balprobe}
JSON_EXPECT=${JSON_EXPECT:-$(dirname "$BALPROBE")/tests/json-expect}
out=${1:?usage: json-snapshot.sh DIR}
dir=$(cd "$top_srcdir/fixtures" && pwd) || exit 99
case $BALPROBE in /*) ;; *) BALPROBE=$(pwd)/$BALPROBE ;; esac
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 99

n=0
for truth in "$dir"/*.expect.json; do
	name=$(basename "$truth" .expect.json)
	file=$("$JSON_EXPECT" --print file "$truth") || exit 99
	set --
	while IFS= read -r arg; do
		set -- "$@" "$arg"
	done <<ARGS
$("$JSON_EXPECT" --print args "$truth")
ARGS
	[ "$#" -eq 1 ] && [ -z "$1" ] && set --
	(cd "$dir" && "$BALPROBE" analyse "$@" --json - "$file") \
		>"$out/fixture-$name.json" 2>"$out/fixture-$name.err"
	echo "exit $?" >>"$out/fixture-$name.err"
	n=$((n + 1))
done

# Every port kind and option the sim has, through each probe that plays
# or listens to it.
for model in balanced inverted unbalanced unbalanced-floating \
	impedance-balanced stereo dual-mono dead \
	balanced,mismatch=-3 balanced,skew=120 unbalanced,hum=60:-70 \
	unbalanced-floating,pickup=-60 stereo,crosstalk=-60 \
	inverted,latency=123.4,gain=-6 balanced,noise=-90 \
	outputs=4,port=3; do
	for probe in out1 listen hum; do
		quick=
		case $probe in out1) quick=--quick ;; esac
		case $model in *port=3) [ "$probe" = out1 ] && probe=out3 ;; esac
		"$BALPROBE" -d "sim:$model" $probe $quick --json - \
			>"$out/sim-$probe-$model.json" 2>"$out/sim-$probe-$model.err"
		echo "exit $?" >>"$out/sim-$probe-$model.err"
		n=$((n + 1))
	done
	"$BALPROBE" -d "sim:$model" out1 --json - \
		>"$out/sim-out1-full-$model.json" 2>"$out/sim-out1-full-$model.err"
	echo "exit $?" >>"$out/sim-out1-full-$model.err"
	n=$((n + 1))
done
for input in balanced transformer inverted unbalanced stereo dead; do
	"$BALPROBE" -d "sim:input=$input,drive-mismatch=0.3" in1 --json - \
		>"$out/sim-in1-$input.json" 2>"$out/sim-in1-$input.err"
	echo "exit $?" >>"$out/sim-in1-$input.err"
	n=$((n + 1))
done
echo "json-snapshot: $n runs written to $out"
