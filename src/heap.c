#include "config.h"

#include <malloc.h>

#include "heap.h"

/* The out probe works on a few arrays of megabytes each (recordings, FFT
 * buffers) that come and go.  Left to its defaults, glibc maps each one
 * fresh and unmaps it on free, so every 4 KiB page of every array is
 * faulted in and zeroed again.  Instead they come from the brk heap,
 * grown in large steps and never trimmed while we run, so memory freed by
 * one stage is reused by the next without a fault.  (Transparent huge
 * pages would cut the faults further, but on a virtual machine a fresh
 * 2 MiB page is often not yet backed by the host: measured, a 10 s sweep
 * analysis took 64 ms or 150 ms at random.)  This is only advice to
 * glibc; under a sanitizer or valgrind, malloc is theirs and ignores it. */
#define MMAP_THRESHOLD (32 << 20)   /* glibc's largest on 64-bit */
#define TRIM_THRESHOLD (256 << 20)
#define TOP_PAD (16 << 20)

void bp_heap_prepare(void)
{
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
	mallopt(M_TOP_PAD, TOP_PAD);
}
