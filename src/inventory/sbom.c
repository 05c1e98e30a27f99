/*
 * sbom.c - writing an inventory as an SBOM: the parts common to CycloneDX
 * and SPDX (ordering, references, serial number, timestamp, streaming).
 *
 * Deterministic mode sorts components by (purl, file, line), derives the
 * serial number from a BLAKE2b hash of the sorted purls and edges (so equal
 * inventories give byte-identical documents) and uses SOURCE_DATE_EPOCH, or
 * 1970-01-01T00:00:00Z, as the timestamp.
 */
#include "inventory/sbom.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/error.h"

#define SBOM_CHUNK ((size_t)1 << 16)

int cw_sbom_format_parse(cw_sbom_format *out, const char *name)
{
	if (!strcmp(name, "cyclonedx-json") || !strcmp(name, "cyclonedx")) {
		*out = CW_SBOM_CYCLONEDX_JSON;
		return 0;
	}
	if (!strcmp(name, "spdx-json") || !strcmp(name, "spdx")) {
		*out = CW_SBOM_SPDX_JSON;
		return 0;
	}
	return cw__error_set(CW_EINVALID, "unknown SBOM format '%s' (cyclonedx-json, spdx-json)", name);
}

int cw__sbom_flush(cw__sbom *s, bool force)
{
	int error;
	if (s->jw.error)
		return s->jw.error;
	if (!s->buf.len || (!force && s->buf.len < SBOM_CHUNK))
		return 0;
	if ((error = s->write(s->payload, s->buf.ptr, s->buf.len)) < 0)
		return error;
	cw__buf_clear(&s->buf);
	return 0;
}

int cw__sbom_array(cw__sbom *s, const char *key, void (*first)(cw__sbom *s),
                   void (*each)(cw__sbom *s, size_t c))
{
	int error;
	cw__jw_key_array(&s->jw, key);
	if (first)
		first(s);
	for (size_t i = 0; i < cw_inventory_component_count(s->inv); i++) {
		each(s, s->order[i]);
		if ((error = cw__sbom_flush(s, false)) < 0)
			return error;
	}
	cw__jw_array_end(&s->jw);
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Comparators see only their arguments (no globals: writers may run in
 * several threads at once). */
static int cmp_comp(const void *pa, const void *pb)
{
	const cw_component *a = *(const cw_component *const *)pa;
	const cw_component *b = *(const cw_component *const *)pb;
	int r;
	if ((r = cmp_str(a->purl, b->purl)) != 0 || (r = cmp_str(a->file, b->file)) != 0)
		return r;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

typedef struct {
	size_t rank, index;
} ranked;

static int cmp_rank(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

size_t *cw__sbom_sorted_deps(const cw__sbom *s, size_t c, size_t *count)
{
	const size_t *deps;
	size_t n = 0;
	size_t *out;
	ranked *tmp;
	if (cw_inventory_dependencies_of(s->inv, c, &deps, &n) < 0 || !n) {
		*count = 0;
		return NULL;
	}
	out = malloc(n * sizeof(size_t));
	tmp = malloc(n * sizeof(ranked));
	if (!out || !tmp) {
		free(out);
		free(tmp);
		*count = 0;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		tmp[i] = (ranked){ s->rank[deps[i]], deps[i] };
	qsort(tmp, n, sizeof(ranked), cmp_rank);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[i].index;
	free(tmp);
	*count = n;
	return out;
}

bool cw__sbom_is_expression(const char *l)
{
	size_t i = 0;
	if (!l || !*l)
		return false;
	while (l[i]) {
		size_t start = i;
		while (l[i] == '(' )
			i++;
		size_t w = i;
		while (l[i] && (cw_is_alnum(l[i]) || l[i] == '.' || l[i] == '-' || l[i] == '+' || l[i] == ':'))
			i++;
		if (i == w)
			return false;
		/* Words in upper case must be operators or plausible ids. */
		while (l[i] == ')')
			i++;
		(void)start;
		if (!l[i])
			break;
		if (l[i] != ' ')
			return false;
		while (l[i] == ' ')
			i++;
		if (!strncmp(l + i, "AND ", 4) || !strncmp(l + i, "OR ", 3) || !strncmp(l + i, "WITH ", 5))
			i += l[i] == 'O' ? 3 : l[i] == 'A' ? 4 : 5;
		else
			return false;
	}
	return true;
}

static void make_uuid(char out[37], const unsigned char b[16])
{
	static const char hx[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hx[b[i] >> 4];
		out[o++] = hx[b[i] & 15];
	}
	out[o] = '\0';
}

static void content_uuid(cw__sbom *s)
{
	crypto_generichash_state st;
	unsigned char h[16];
	size_t n = cw_inventory_component_count(s->inv);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (size_t i = 0; i < n; i++) {
		const cw_component *c = cw_inventory_component(s->inv, s->order[i]);
		size_t nd;
		crypto_generichash_update(&st, (const unsigned char *)s->refs[c->index], strlen(s->refs[c->index]) + 1);
		size_t *deps = cw__sbom_sorted_deps(s, c->index, &nd);
		for (size_t k = 0; k < nd; k++)
			crypto_generichash_update(&st, (const unsigned char *)s->refs[deps[k]], strlen(s->refs[deps[k]]) + 1);
		free(deps);
		crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	}
	crypto_generichash_final(&st, h, sizeof(h));
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50); /* name-based, like a version 5 UUID */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	make_uuid(s->uuid, h);
}

static void random_uuid(cw__sbom *s)
{
	unsigned char h[16];
	randombytes_buf(h, sizeof(h));
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x40);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	make_uuid(s->uuid, h);
}

static void make_timestamp(cw__sbom *s)
{
	time_t t = 0;
	struct tm tm;
	if (s->opts->deterministic) {
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		t = sde ? (time_t)strtoll(sde, NULL, 10) : 0;
	} else {
		t = time(NULL);
	}
	gmtime_r(&t, &tm);
	strftime(s->timestamp, sizeof(s->timestamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int make_refs(cw__sbom *s)
{
	cw_map seen = CW_MAP_INIT;
	size_t n = cw_inventory_component_count(s->inv);
	int error = 0;
	/* The purl is the reference; a purl met twice (two lockfiles) gets its file:line added. */
	for (size_t i = 0; i < n; i++) {
		const cw_component *c = cw_inventory_component(s->inv, s->order[i]);
		const char *ref = c->purl;
		if (cw__map_get(&seen, ref, strlen(ref)))
			ref = cw__arena_printf(&s->arena, "%s#%s:%zu", c->purl, c->file ? c->file : "", c->line);
		if (cw__map_get(&seen, ref, strlen(ref)))
			ref = cw__arena_printf(&s->arena, "%s#%zu", c->purl, c->index);
		if (!ref) {
			error = cw_error_last()->code;
			break;
		}
		s->refs[c->index] = ref;
		if ((error = cw__map_put(&seen, ref, strlen(ref), (void *)ref, NULL)) < 0)
			break;
	}
	cw__map_free(&seen);
	return error;
}

int cw_sbom_write(const cw_inventory *inv, const cw_sbom_options *opts,
                  cw_sbom_write_fn write, void *payload)
{
	static const cw_sbom_options defaults = CW_SBOM_OPTIONS_INIT;
	cw__sbom s;
	size_t n = cw_inventory_component_count(inv);
	int error = 0;

	if (!opts)
		opts = &defaults;
	if (opts->version != CW_SBOM_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "SBOM options version %u not supported", opts->version);
	if (sodium_init() < 0)
		return cw__error_set(CW_EINTERNAL, "libsodium failed to initialise");
	s = (cw__sbom){ .inv = inv, .opts = opts, .write = write, .payload = payload,
	                .single_root = SIZE_MAX, .order = malloc((n + 1) * sizeof(size_t)) };
	s.rank = malloc((n + 1) * sizeof(size_t));
	s.refs = calloc(n + 1, sizeof(char *));
	if (!s.order || !s.rank || !s.refs) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		s.order[i] = i;
		if (cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT) {
			s.root_count++;
			s.single_root = i;
		}
	}
	/* An image or root filesystem is the top component, whatever it holds. */
	if (s.root_count != 1 || cw_inventory_image(inv))
		s.single_root = SIZE_MAX;
	if (opts->deterministic && n) {
		const cw_component **ptrs = malloc(n * sizeof(*ptrs));
		if (!ptrs) {
			error = cw__error_oom();
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			ptrs[i] = cw_inventory_component(inv, i);
		qsort(ptrs, n, sizeof(*ptrs), cmp_comp);
		for (size_t i = 0; i < n; i++)
			s.order[i] = ptrs[i]->index;
		free(ptrs);
	}
	for (size_t i = 0; i < n; i++)
		s.rank[s.order[i]] = i;
	if ((error = make_refs(&s)) < 0)
		goto done;
	if (opts->deterministic)
		content_uuid(&s);
	else
		random_uuid(&s);
	make_timestamp(&s);
	cw__jw_init(&s.jw, &s.buf, opts->pretty);
	error = opts->format == CW_SBOM_SPDX_JSON ? cw__sbom_write_spdx(&s) : cw__sbom_write_cyclonedx(&s);
	if (error >= 0 && (error = cw__jw_finish(&s.jw)) >= 0 && (error = cw__buf_putc(&s.buf, '\n')) >= 0)
		error = cw__sbom_flush(&s, true);
done:
	free(s.order);
	free(s.rank);
	free(s.refs);
	cw__buf_free(&s.buf);
	cw__arena_free(&s.arena);
	return error;
}
