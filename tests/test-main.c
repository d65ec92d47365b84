/* balprobe: the unit test runner.  One Check suite per module, all run by
 * this one program (as libevdev's test/test-main.c does); the suites are
 * listed once, in tests/unit.am.
 *
 * CK_RUN_SUITE=NAME or CK_RUN_CASE=NAME run a part; CK_FORK=no runs every
 * test in this process (for valgrind and gdb; the default under ASan).
 */
#include "config.h"

#include <stdlib.h>

#include <check.h>

#include "testsignal.h"

/* Under AddressSanitizer each forked test would run LeakSanitizer as it
 * exits, which costs several times what the tests do; one process checks
 * for leaks once, at the end (the tests release what they allocate, even
 * when they fail: see ts_cleanup()).  CK_FORK still decides when set. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The suites, in the order of CHECK_SUITES in tests/unit.am. */
static Suite *(*const suites[])(void) = {
#define BP_SUITE(name) name##_suite,
#include "tests/suites.h"
#undef BP_SUITE
};

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
#ifdef UNDER_ASAN
	if (!getenv("CK_FORK"))
		srunner_set_fork_status(sr, CK_NOFORK);
#endif
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
