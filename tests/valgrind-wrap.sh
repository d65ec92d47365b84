#!/bin/sh
# Stands in for balprobe during 'make valgrind-cli': runs the program
# ($VALGRIND_PROGRAM) under memcheck, its report in one file per process
# in $VALGRIND_LOGS, so the test's view of stdout, stderr and the exit
# status is the program's own.  An error or a definitely lost block makes
# the exit status 99, which no row or check expects.
exec valgrind --quiet --tool=memcheck --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite \
	--log-file="$VALGRIND_LOGS/vg.%p.log" "$VALGRIND_PROGRAM" "$@"
