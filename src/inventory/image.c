#include "inventory/inventory.h"
#include "util/error.h"
int cw__image_scan(cw_inventory *inv, const char *path)
{
	(void)inv;
	return cw__error_set(CW_EUNSUPPORTED, "%s: not an image", path);
}
