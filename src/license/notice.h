/* notice.h - licenses stated by SPDX identifiers and standard notices (internal). */
#ifndef CW_LICENSE_NOTICE_H
#define CW_LICENSE_NOTICE_H

#include "chainwarden/license.h"
#include "license/textnorm.h"

/** Append "SPDX-License-Identifier:" expressions found in `text` to m[*n..max). */
void cw__license_find_spdx_ids(const char *text, size_t len, cw_license_match *m, size_t *n,
                               size_t max);

/** Append licenses stated by standard notices (GPL family, Apache-2.0,
 * MPL-2.0) that no full-text match in m[0..*n) already names. */
void cw__license_find_notices(const cw__text_tokens *tokens, cw_license_match *m, size_t *n,
                              size_t max);

#endif
