/*
 * cvss4_tables.c - the CVSS v4.0 scoring tables. GENERATED, do not edit:
 * regenerate with scripts/gen_cvss4_tables.py.
 *
 * Source: the data tables of the FIRST CVSS v4.0 reference calculator
 * (cvss_lookup.js, max_composed.js, max_severity.js), converted to JSON in
 * the shared test data (data/cvss/, see its README for the upstream commit).
 * Copyright (c) 2023 FIRST.ORG, Inc., Red Hat, and contributors;
 * BSD-2-Clause.  Input files (sha256):
 *   cvss4-macrovector-lookup.json 541dc29e91a290495ec84c67b80623eb0e985d9fe0f67b1638a7d1d0be7be560
 *   cvss4-max-composed.json 9bf55097168ec45cd56f461d91c7ffbc88337955ee8dcb3351a1b722083ece90
 *   cvss4-max-severity.json 6c1bbf7e0fc3f056db6e6d6b04cda5f1cefe31e2f5312741a36ee946c6673670
 */
#include "cvss/cvss_internal.h"

/*
 * MacroVector -> score in tenths (the reference scores have one decimal),
 * -1 where the MacroVector does not exist.  Index: the MacroVector's six
 * digits eq1..eq6 read as one number of radices 3,2,3,3,3,2 (CW__CVSS4_INDEX);
 * one line per eq1,eq2.
 */
const signed char cw__cvss4_lookup[CW__CVSS4_MACROVECTORS] = {
	100, 99, 98, 95, 95, 92, 100, 96, 93, 87, 91, 81, 93, 90, 89, 80, 81, 68, 98, 95, 95, 92, 90, 84, 93, 92, 89, 81, 81, 65, 88, 80, 78, 70, 69, 48, -1, 92, -1, 82, -1, 72, -1, 79, -1, 69, -1, 50, -1, 69, -1, 55, -1, 27,
	99, 97, 95, 92, 92, 85, 95, 91, 90, 83, 84, 71, 92, 81, 82, 71, 72, 53, 95, 93, 92, 85, 85, 73, 92, 82, 80, 72, 70, 59, 84, 70, 71, 52, 50, 30, -1, 86, -1, 75, -1, 52, -1, 71, -1, 52, -1, 29, -1, 63, -1, 29, -1, 17,
	98, 95, 94, 87, 91, 81, 94, 89, 86, 74, 77, 64, 87, 75, 74, 63, 63, 49, 94, 89, 88, 77, 76, 67, 86, 76, 74, 58, 59, 50, 72, 57, 57, 52, 52, 25, -1, 83, -1, 70, -1, 54, -1, 65, -1, 58, -1, 26, -1, 53, -1, 21, -1, 13,
	95, 90, 88, 76, 76, 70, 90, 77, 75, 62, 61, 53, 77, 66, 68, 59, 52, 30, 89, 78, 76, 67, 62, 58, 74, 59, 57, 57, 47, 23, 61, 52, 57, 29, 24, 16, -1, 71, -1, 59, -1, 30, -1, 58, -1, 26, -1, 15, -1, 23, -1, 13, -1, 6,
	93, 87, 86, 72, 75, 58, 86, 74, 74, 61, 56, 34, 70, 54, 52, 40, 40, 22, 85, 75, 74, 55, 62, 51, 72, 57, 55, 41, 46, 19, 53, 36, 34, 19, 19, 8, -1, 64, -1, 51, -1, 20, -1, 47, -1, 21, -1, 11, -1, 24, -1, 9, -1, 4,
	88, 75, 73, 53, 60, 50, 73, 55, 59, 40, 41, 20, 54, 43, 45, 22, 20, 11, 75, 55, 58, 45, 40, 21, 61, 51, 48, 18, 20, 9, 46, 18, 17, 7, 8, 2, -1, 53, -1, 24, -1, 14, -1, 24, -1, 12, -1, 5, -1, 10, -1, 3, -1, 1,
};
/* 270 MacroVectors */

/* AV/PR/UI */
const cw__cvss4_maxes cw__cvss4_max_eq1[3] = {
	{ { "NNN" } },
	{ { "ANN", "NLN", "NNP" } },
	{ { "PNN", "ALP" } },
};
/* AC/AT */
const cw__cvss4_maxes cw__cvss4_max_eq2[2] = {
	{ { "LN" } },
	{ { "HN", "LP" } },
};
/* SC/SI/SA */
const cw__cvss4_maxes cw__cvss4_max_eq4[3] = {
	{ { "HSS" } },
	{ { "HHH" } },
	{ { "LLL" } },
};
/* E */
const cw__cvss4_maxes cw__cvss4_max_eq5[3] = {
	{ { "A" } },
	{ { "P" } },
	{ { "U" } },
};
/* VC/VI/VA/CR/IR/AR, indexed [eq3][eq6] */
const cw__cvss4_maxes cw__cvss4_max_eq3eq6[3][2] = {
	{ { { "HHHHHH" } }, { { "HHLMMH", "HHHMMM" } } },
	{ { { "LHHHHH", "HLHHHH" } }, { { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM" } } },
	{ { { 0 } }, { { "LLLHHH" } } },
};

const double cw__cvss4_maxsev_eq1[3] = { 1.0, 4.0, 5.0 };
const double cw__cvss4_maxsev_eq2[2] = { 1.0, 2.0 };
const double cw__cvss4_maxsev_eq4[3] = { 6.0, 5.0, 4.0 };
const double cw__cvss4_maxsev_eq5[3] = { 1.0, 1.0, 1.0 };
const double cw__cvss4_maxsev_eq3eq6[3][2] = {
	{ 7.0, 6.0 },
	{ 8.0, 8.0 },
	{ -1, 10.0 },
};
