#!/bin/sh
# make valgrind-cli: the command-line tests with every balprobe process
# under valgrind's memcheck (tests/valgrind-wrap.sh), then a summary:
# processes run, memcheck errors, processes with definitely lost memory.
# Fails on any of them or on a failed test.  Too slow for make check or CI.
#
# Environment: VALGRIND_PROGRAM (the built balprobe), top_srcdir;
# VALGRIND_TESTS (default: cli bad-input report).
set -u

me=valgrind-cli
if ! command -v valgrind >/dev/null 2>&1; then
	echo "$me: valgrind is needed (apt-get install valgrind)" >&2
	exit 1
fi
srcdir=$(cd "${top_srcdir:-.}" && pwd)
logs=$(mktemp -d "${TMPDIR:-/tmp}/balprobe-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$logs"' EXIT
VALGRIND_LOGS=$logs
BALPROBE=$srcdir/tests/valgrind-wrap.sh
export VALGRIND_LOGS VALGRIND_PROGRAM BALPROBE top_srcdir

started=$(date +%s)
failed_tests=
for t in ${VALGRIND_TESTS:-cli bad-input report}; do
	echo "$me: tests/$t.test under valgrind"
	if ! sh "$srcdir/tests/$t.test" >"$logs/$t.out" 2>&1; then
		failed_tests="$failed_tests $t"
		grep -E '^(FAIL|  )' "$logs/$t.out" | head -n 40
	fi
	tail -n 1 "$logs/$t.out"
done
seconds=$(($(date +%s) - started))

processes=$(find "$logs" -name 'vg.*.log' | wc -l | tr -d ' ')
# With --quiet a clean process leaves an empty log; any text is an error
# or a leak report.
dirty=$(find "$logs" -name 'vg.*.log' -size +0 | sort)
errors=0
leaks=0
for f in $dirty; do
	n=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$f" | tail -n 1)
	errors=$((errors + ${n:-1}))
	grep -q 'definitely lost' "$f" && leaks=$((leaks + 1))
done
for f in $(echo "$dirty" | head -n 3); do
	echo "--- $f"
	head -n 40 "$f"
done
echo
echo "$me: $processes balprobe processes under memcheck in ${seconds} s:" \
	"$errors errors, $leaks with definitely lost memory," \
	"failed tests:${failed_tests:- none}"
[ "$processes" -gt 0 ] && [ "$errors" -eq 0 ] && [ "$leaks" -eq 0 ] && [ -z "$failed_tests" ]
