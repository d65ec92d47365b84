#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "heap.h"

/* The out probe works on a few arrays of megabytes each (recordings, FFT
 * buffers) that come and go.  Left to its defaults, glibc maps each one
 * fresh and unmaps it on free, so every 4 KiB page of every array is
 * faulted in and zeroed again.  Instead everything comes from the brk
 * heap (no mmap), never trimmed while we run, so memory freed by one
 * stage is reused by the next without a fault.  This is only advice to
 * glibc; under a sanitizer or valgrind, malloc is theirs and ignores it. */
#define TRIM_THRESHOLD (256 << 20)
#define TOP_PAD (16 << 20)

/* Huge pages for a reservation: at most this much (kept under the trim
 * threshold, so freeing it does not give it back). */
#define RESERVE_MAX ((size_t)192 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

void bp_heap_prepare(void)
{
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
	mallopt(M_TOP_PAD, TOP_PAD);
}

/* On a virtual machine a 4 KiB page fault costs several microseconds:
 * measured here, touching 40 MiB took 183 ms in small pages and 7 ms in
 * transparent huge pages (best of 30), and the analysis of a 10 s sweep
 * (45 MiB, 10,000 faults) went from 236 ms to 70 ms of processor time.
 * The block is malloc'ed, advised MADV_HUGEPAGE and freed: the heap's
 * next allocations reuse it, faulted in 2 MiB at a time.  Only address
 * space is taken until then.  Streaming analyses (listen, hum) do not ask:
 * their few buffers would grow in 2 MiB steps for nothing. */
void bp_heap_reserve_huge(size_t bytes)
{
	void *block;
	uintptr_t from, to;

	if (bytes > RESERVE_MAX)
		bytes = RESERVE_MAX;
	block = malloc(bytes);
	if (!block)
		return;
	from = ((uintptr_t)block + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	to = ((uintptr_t)block + bytes) & ~(HUGE_PAGE - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE);
	free(block);
}
