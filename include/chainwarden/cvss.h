/*
 * chainwarden/cvss.h - parse, validate, score and print CVSS vectors.
 *
 * Versions: CVSS v2.0 (base, temporal, environmental), v3.0 and v3.1 (base,
 * temporal, environmental; v3.0 with its original round-up, v3.1 with the
 * Roundup function of its specification, Appendix A) and v4.0 (base, threat,
 * environmental and supplemental metrics, scored by MacroVector lookup and
 * severity-distance interpolation as the FIRST v4.0 specification and its
 * reference calculator define).  See docs/cvss.md.
 *
 * A parsed vector is a small value type (no allocation): parse once, score
 * as often as needed.  Nothing here allocates memory.
 */
#ifndef CHAINWARDEN_CVSS_H
#define CHAINWARDEN_CVSS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** CVSS versions, numbered major*10+minor. */
typedef enum {
	CW_CVSS_V2_0 = 20,
	CW_CVSS_V3_0 = 30,
	CW_CVSS_V3_1 = 31,
	CW_CVSS_V4_0 = 40
} cw_cvss_version;

/** Qualitative severity ratings (v2 uses Low, Medium and High only). */
typedef enum {
	CW_CVSS_SEVERITY_NONE = 0,
	CW_CVSS_SEVERITY_LOW,
	CW_CVSS_SEVERITY_MEDIUM,
	CW_CVSS_SEVERITY_HIGH,
	CW_CVSS_SEVERITY_CRITICAL
} cw_cvss_severity;

/** Room for the largest metric set (v4.0 has 32 metrics). */
#define CW_CVSS_MAX_METRICS 32

/** Longest vector accepted, in bytes (a full v4.0 vector is about 250). */
#define CW_CVSS_MAX_VECTOR 512

/**
 * A parsed vector.  `values[i]` is 0 when metric i (in the order of the
 * version's specification) is absent, else 1 + the index of its value in
 * that metric's list; read metrics by name with cw_cvss_get().
 */
typedef struct {
	cw_cvss_version version;
	uint8_t count;                         /**< metrics defined by the version */
	uint8_t values[CW_CVSS_MAX_METRICS];
} cw_cvss;

/** Scores of a vector, each rounded to one decimal as the specification says. */
typedef struct {
	cw_cvss_version version;
	/** v2/v3: base score.  v4: the CVSS-B score (base metrics only). */
	double base;
	/** v2/v3: temporal score (equals base when no temporal metric is set). */
	double temporal;
	/** v2/v3: environmental score, computed as if every absent metric were
	 *  "not defined".  v4: unused (0). */
	double environmental;
	/** The score to report: v4 the score of the whole vector (nomenclature
	 *  says which metric groups it reflects); v2/v3 environmental when an
	 *  environmental metric is defined, else temporal when a temporal one is,
	 *  else base. */
	double score;
	cw_cvss_severity severity;             /**< rating of `score` */
	bool has_temporal;                     /**< a temporal/threat metric is set (not X) */
	bool has_environmental;                /**< an environmental metric is set (not X) */
	/** v4: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; v2/v3: NULL. Static. */
	const char *nomenclature;
	/** v4: the MacroVector (six EQ digits, NUL-terminated); else empty. */
	char macrovector[8];
} cw_cvss_scores;

/**
 * Parse and validate `len` bytes of `vector`: "CVSS:3.1/...", "CVSS:3.0/...",
 * "CVSS:4.0/..." or a v2 vector ("AV:N/AC:L/Au:N/C:P/I:P/A:P").
 * Validation is strict: every base metric present, no metric twice, only
 * the values the specification lists, the metric order fixed for v2.0 and
 * v4.0 (free for v3.x, as its specification allows).  On failure returns
 * CW_EINVALID (CW_ELIMIT when longer than CW_CVSS_MAX_VECTOR) with a message
 * naming the column and the offending metric.
 */
CW_EXTERN int cw_cvss_parse(cw_cvss *out, const char *vector, size_t len);

/** cw_cvss_parse() for a NUL-terminated string. */
CW_EXTERN int cw_cvss_parse_str(cw_cvss *out, const char *vector);

/** Compute every score of a parsed vector.  Returns 0 (or CW_EINVALID for a
 *  cw_cvss not made by cw_cvss_parse). */
CW_EXTERN int cw_cvss_score(cw_cvss_scores *out, const cw_cvss *cvss);

/**
 * The value of metric `metric` ("AV", "MSI", "Au", ...) as written in a
 * vector, "X"/"ND" when the metric is absent but optional, NULL when the
 * version has no such metric.  Static storage.
 */
CW_EXTERN const char *cw_cvss_get(const cw_cvss *cvss, const char *metric);

/**
 * Write the normalized vector into `buf` (NUL-terminated): the version
 * prefix, then every defined metric in specification order; metrics whose
 * value is "not defined" (X, ND) are left out.  Returns the length, or
 * CW_ELIMIT when `size` is too small (CW_CVSS_MAX_VECTOR always suffices).
 */
CW_EXTERN int cw_cvss_format(char *buf, size_t size, const cw_cvss *cvss);

/** Severity rating of `score` for `version` (v2: Low < 4, Medium < 7, High). */
CW_EXTERN cw_cvss_severity cw_cvss_severity_of(cw_cvss_version version, double score);

/** "None", "Low", "Medium", "High" or "Critical". Static. */
CW_EXTERN const char *cw_cvss_severity_name(cw_cvss_severity severity);

/** "2.0", "3.0", "3.1" or "4.0". Static. */
CW_EXTERN const char *cw_cvss_version_name(cw_cvss_version version);

#ifdef __cplusplus
}
#endif
#endif
