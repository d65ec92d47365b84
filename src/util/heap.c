#include "config.h"

#include "util/heap.h"

#ifdef BP_GLIBC_HEAP

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

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
 * space is taken until then.  Its start is rarely on a 2 MiB boundary,
 * and the stretch before the first one stays in small pages; a spacer
 * holds that stretch (untouched, so it costs no memory) for the rest of
 * the run, and the next allocation starts on the boundary.  Streaming
 * analyses (listen, hum) do not ask: their few buffers would grow in
 * 2 MiB steps for nothing. */
void bp_heap_reserve_huge(size_t bytes)
{
	static void *spacer;
	void *block;
	uintptr_t from, to;
	size_t head;

	if (bytes > RESERVE_MAX)
		bytes = RESERVE_MAX;
	if (spacer || !(block = malloc(bytes)))
		return;
	from = ((uintptr_t)block + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	to = ((uintptr_t)block + bytes) & ~(HUGE_PAGE - 1);
	if (to <= from) {
		free(block);
		return;
	}
	madvise((void *)from, to - from, MADV_HUGEPAGE);
	free(block);
	/* glibc carves the spacer from where the block began, its header
	 * (two words) before it, so the next chunk's memory begins at from.
	 * If the spacer lands elsewhere the advice stands, only less of it
	 * is used: give it back. */
	head = from - (uintptr_t)block;
	if (head > 2 * sizeof(size_t)) {
		spacer = malloc(head - 2 * sizeof(size_t));
		if (spacer != block) {
			free(spacer);
			spacer = NULL;
		}
	}
}

#else

/* Not glibc (configure): its malloc has its own policy and a different
 * chunk layout, so there is nothing to tune and no spacer to lay. */
void bp_heap_prepare(void)
{
}

void bp_heap_reserve_huge(size_t bytes)
{
	(void)bytes;
}

#endif
