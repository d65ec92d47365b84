/* balprobe fuzzing: the entry point every harness in tests/fuzz/ defines.
 *
 * libFuzzer (clang -fsanitize=fuzzer) calls it with each input; replay.c
 * calls it with each file of a committed corpus, so make check runs the
 * same harnesses with the normal compiler.  It returns 0, and aborts on a
 * broken promise that no sanitizer would see (a wrong exit status, a
 * format that does not read back). */
#ifndef BALPROBE_FUZZ_H
#define BALPROBE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
