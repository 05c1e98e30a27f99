/* vec.c - growth and release of CW_VEC arrays. */
#include "util/vec.h"
#include "util/error.h"

#include <string.h>

int cw__vec_reserve(void **items, size_t *cap, size_t elem, size_t need)
{
	size_t n;
	void *p;

	if (need <= *cap)
		return 0;
	if (elem == 0 || need > CW_VEC_MAX_BYTES / elem)
		return cw__error_set(CW_ELIMIT, "array of %zu elements exceeds the cap", need);
	n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > CW_VEC_MAX_BYTES / elem)
		n = need;
	p = realloc(*items, n * elem);
	if (!p)
		return cw__error_oom();
	*items = p;
	*cap = n;
	return 0;
}

/* Every CW_VEC(T) has this layout, and T * is represented as void * is. */
typedef CW_VEC(void) vec_any;

void cw__vec_free_all(void *const *vecs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		vec_any v;
		memcpy(&v, vecs[i], sizeof(v));
		free(v.items);
		memset(vecs[i], 0, sizeof(v));
	}
}
