/* balprobe: a port survey -- many ports measured in one run, each kept
 * with the probe's own result, checked against each other, and written
 * as one port map.
 *
 * A survey is a list of ports (survey/ports-file.h), the entries measured
 * for them (each the probe's own JSON result, as report/json.c writes it,
 * so a survey saved and resumed (survey/state.h) holds exactly what a
 * fresh one does), and the cross-port findings (survey/findings.h).
 */
#ifndef BALPROBE_SURVEY_H
#define BALPROBE_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define BP_SURVEY_PORTS_MAX 64
#define BP_SURVEY_FINDINGS_MAX 64
#define BP_SURVEY_LABEL_MAX 64
#define BP_SURVEY_FIELD_MAX 128

/* One port to measure: a line of a ports file or an operand. */
struct bp_survey_port {
	char label[BP_SURVEY_LABEL_MAX];  /* "Main L"; the probe as run if none */
	char probe[16];                   /* a probe's name: out, in, listen, hum */
	int number;                       /* N of outN / inN; 0 for listen, hum */
	int tip, ring;                    /* 1-based inputs; 0: the survey's */
	/* Ports of one group should match (a stereo pair, the sends of one
	 * bus): the findings compare them.  "": the pair of outputs N and
	 * N^1 for out ports, none otherwise. */
	char group[32];
	char device[128];                 /* "": the survey's --device */
	char expect[16];                  /* a jack verdict, or "" */
	double duration_s;                /* listen, hum: 0 = the probe's */
};

enum bp_survey_status {
	BP_SURVEY_PENDING,   /* not reached yet */
	BP_SURVEY_MEASURED,  /* a result, valid or not */
	BP_SURVEY_FAILED,    /* no result: the take or analysis failed */
	BP_SURVEY_SKIPPED    /* the user skipped it */
};

/* The colour of a port's row. */
enum bp_survey_mark {
	BP_MARK_NONE,        /* pending or skipped */
	BP_MARK_PASS,        /* fine as it is */
	BP_MARK_ATTENTION,   /* works, but look at the notes */
	BP_MARK_FAIL         /* no usable result, or not what was expected */
};

struct bp_survey_entry {
	enum bp_survey_status status;
	json_t *result;          /* the probe's JSON result, owned; NULL unless measured */
	char *detail_html;       /* the port's HTML report section (plots inline), owned; may be NULL */
	char error[320];         /* FAILED: the sentence the probe gave */
	int exit_status;         /* what the single probe would have exited with */
	enum bp_survey_mark mark;
	char notes[640];         /* short reasons for the mark, "; "-separated */
};

enum bp_finding_kind {
	BP_FINDING_LEVEL_STEP,
	BP_FINDING_POLARITY_PAIR,
	BP_FINDING_LATENCY_PAIR,
	BP_FINDING_MIXED_KINDS,
	BP_FINDING_HUM_SOME_PORTS,
	BP_FINDING_KINDS
};

struct bp_finding {
	enum bp_finding_kind kind;
	int ports[BP_SURVEY_PORTS_MAX];  /* indices into the survey's ports */
	int n_ports;
	double figure;                   /* the step in dB, the latency difference
					  * in samples, ...; NAN: none */
	char explanation[1024];           /* what, the likely cause, what to do */
};

/* What the report's first page says about the job. */
struct bp_survey_info {
	char title[BP_SURVEY_FIELD_MAX];
	char venue[BP_SURVEY_FIELD_MAX];
	char client[BP_SURVEY_FIELD_MAX];
	char equipment[BP_SURVEY_FIELD_MAX];
	char operator_name[BP_SURVEY_FIELD_MAX];
	char date[BP_SURVEY_FIELD_MAX];
};

struct bp_survey {
	struct bp_survey_info info;
	struct bp_survey_port ports[BP_SURVEY_PORTS_MAX];
	struct bp_survey_entry entries[BP_SURVEY_PORTS_MAX];
	int n_ports;
	struct bp_finding findings[BP_SURVEY_FINDINGS_MAX];
	int n_findings;
	char device[128];        /* as the run named it */
	double rate_hz;
	bool one_take;           /* measured in one take (survey/one-take.h) */
	json_t *one_take_info;   /* the take's separation figures, owned; or NULL */
};

void bp_survey_init(struct bp_survey *s);
void bp_survey_free(struct bp_survey *s);

/* Forget entry @i's result (before a repeat or a reload). */
void bp_survey_entry_clear(struct bp_survey_entry *e);

/* The group port @i belongs to for the findings ("" for none), into
 * @buf. */
const char *bp_survey_group(const struct bp_survey *s, int i, char *buf, size_t size);

/* Fields of an entry's result by dotted path ("level.dbfs"): a number
 * (NAN when missing or null), a string (NULL), a boolean as -1 (null or
 * missing), 0 or 1. */
double bp_survey_num(const struct bp_survey_entry *e, const char *path);
const char *bp_survey_str(const struct bp_survey_entry *e, const char *path);
int bp_survey_bool(const struct bp_survey_entry *e, const char *path);

/* Set entry @i's mark and notes from its result, its port's expect and
 * the findings it is part of; run after bp_survey_find(). */
void bp_survey_mark_all(struct bp_survey *s);

const char *bp_survey_mark_name(enum bp_survey_mark m);     /* "pass", ... */
const char *bp_survey_status_name(enum bp_survey_status st); /* "measured", ... */
int bp_survey_status_parse(const char *name, enum bp_survey_status *out);

/* The finding kinds' JSON names ("level-step", ...). */
const char *bp_finding_kind_name(enum bp_finding_kind k);

#endif
