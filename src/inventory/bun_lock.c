/* bun_lock.c - placeholder (being written). */
#include "inventory/inventory.h"
#include "util/error.h"

int cw__extract_bun_lock(cw__inv_source *src)
{
	return cw__error_set(CW_EUNSUPPORTED, "%s: format not supported yet", src->path);
}
