/* placeholder */
#include "kb/kb_internal.h"
#include "util/error.h"
int cw_kb_keygen(const char *prefix) { (void)prefix; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
int cw_kb_export(const char *a, const char *b, const char *c) { (void)a; (void)b; (void)c; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
int cw_kb_bundle_sign(const char *a, const char *b) { (void)a; (void)b; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
int cw_kb_bundle_verify(const char *a, const char *b) { (void)a; (void)b; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
int cw_kb_import(const char *a, const char *b, const char *c, bool d) { (void)a; (void)b; (void)c; (void)d; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
int cw_kb_update(const char *a, const cw_kb_update_options *o, cw_kb_build_stats *s) { (void)a; (void)o; (void)s; return cw__error_set(CW_EUNSUPPORTED, "not yet"); }
