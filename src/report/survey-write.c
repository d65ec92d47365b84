/* balprobe: a survey report written to its file, atomically. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/atomic-file.h"
#include "report/survey-report.h"
#include "util/errors.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

bool bp_survey_report_format_ok(const char *path)
{
	return ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".md") ||
	       ends_with(path, ".csv");
}

int bp_survey_report_write(const struct bp_survey *s, const char *path)
{
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	int err;

	if (!f)
		return BP_E_NOMEM;
	if (ends_with(path, ".md"))
		bp_survey_markdown(f, s);
	else if (ends_with(path, ".csv"))
		bp_survey_csv(f, s);
	else
		bp_survey_html(f, s);
	err = fclose(f) == 0 ? bp_write_file_atomic(path, text) : BP_E_NOMEM;
	free(text);
	return err;
}
