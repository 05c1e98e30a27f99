/* placeholder */
#include "kb/kb_internal.h"
#include "util/error.h"
int cw_kb_update(const char *a, const cw_kb_update_options *o, cw_kb_build_stats *s) { (void)a; (void)o; (void)s; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
