/*
 * checks_files.c - the checks answered by the files at HEAD:
 * Security-Policy, License, Dependency-Update-Tool and Binary-Artifacts.
 *
 * Scorecard definitions (docs/checks.md in ossf/scorecard):
 *  - Security-Policy: SECURITY.md (or .markdown, .rst, .adoc, .txt, or no
 *    extension) at the root, in .github/ or docs/; its content is scored on
 *    a way to report (URL or email) and disclosure text.
 *  - License: a license file at the root (LICENSE, LICENCE, COPYING,
 *    COPYRIGHT, UNLICENSE, with or without extension or -suffix) or in
 *    LICENSES/ (REUSE): 6 for a file, +3 at the top level, +1 when its
 *    license is OSI-approved (identified with the license module).
 *  - Dependency-Update-Tool: dependabot or renovate configuration, or
 *    commits by those bots.
 *  - Binary-Artifacts: committed executables and compiled code, by the
 *    content's magic bytes (ELF, PE, Mach-O, Java class, WebAssembly) or by
 *    extension (.jar, .so, .dll, .exe, .pyc ...) when the content is not
 *    text; 10 minus one point per binary.
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

/* Blobs inspected for magic bytes at most (big trees stay fast). */
#define MAX_BLOBS_INSPECTED 50000
/* Larger blobs are not loaded (judged by extension only). */
#define MAX_BLOB_INSPECTED ((size_t)64 << 20)


static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static const char *extension(const char *path)
{
	const char *b = base_name(path), *dot = strrchr(b, '.');
	return dot && dot != b ? dot + 1 : "";
}

/* ---- Security-Policy ------------------------------------------------------ */

static bool security_name(const char *path)
{
	static const char *const dirs[] = { "", ".github/", "docs/", NULL };
	static const char *const names[] = {
		"security.md", "security.markdown", "security.rst", "security.adoc",
		"security.txt", "security", NULL
	};
	for (size_t d = 0; dirs[d]; d++) {
		size_t dl = strlen(dirs[d]);
		if (strncasecmp(path, dirs[d], dl) != 0)
			continue;
		for (size_t n = 0; names[n]; n++)
			if (strcasecmp(path + dl, names[n]) == 0)
				return true;
	}
	return false;
}

static bool has_email(const char *s)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@'))
		if (at > s && cw_is_alnum(at[-1]) && cw_is_alnum(at[1]) && strchr(at, '.') &&
		    strcspn(at, " \t\n>)") > (size_t)(strchr(at, '.') - at))
			return true;
	return false;
}

static int security_policy(cw__hctx *ctx)
{
	static const char *const words[] = {
		"vulnerab", "disclos", "embargo", "cve", "advisor", "report", NULL
	};
	cw_buf buf = CW_BUF_INIT;
	const cw__hfile *found = NULL;
	int score, error;
	bool link, text = false;

	for (size_t i = 0; i < ctx->files.len && !found; i++)
		if (security_name(ctx->files.items[i].path))
			found = &ctx->files.items[i];
	if (!found)
		return cw__hc_result(ctx, CW_HC_SECURITY_POLICY, 0, "no security policy file (SECURITY.md)");
	if ((error = cw__hc_read(ctx, &buf, found)) < 0)
		return error;
	cw__str_lower(buf.ptr ? buf.ptr : (char *)"", buf.len);
	link = buf.ptr && (strstr(buf.ptr, "http://") || strstr(buf.ptr, "https://") || has_email(buf.ptr));
	for (size_t i = 0; words[i] && buf.ptr; i++)
		text = text || strstr(buf.ptr, words[i]) != NULL;
	score = 4 + (link ? 3 : 0) + (text ? 3 : 0);
	error = cw__hc_evidence(ctx, CW_HC_SECURITY_POLICY, "file", found->path, 0,
	                        "%zu bytes; %s; %s", buf.len,
	                        link ? "has a contact (URL or email)" : "no contact URL or email",
	                        text ? "describes disclosure" : "no disclosure text");
	cw__buf_free(&buf);
	if (error < 0)
		return error;
	return cw__hc_result(ctx, CW_HC_SECURITY_POLICY, score, "security policy file %s%s%s",
	                     found->path, link ? ", with a contact" : ", without a contact",
	                     text ? " and disclosure text" : "");
}

/* ---- License ---------------------------------------------------------------- */

static bool license_name(const char *path, bool *top)
{
	static const char *const stems[] = {
		"license", "licence", "copying", "copyright", "unlicense", NULL
	};
	const char *b = base_name(path);
	*top = b == path;
	if (!*top && strncmp(path, "LICENSES/", 9) != 0)
		return false;
	if (!*top)
		return strchr(path + 9, '/') == NULL;
	for (size_t i = 0; stems[i]; i++) {
		size_t n = strlen(stems[i]);
		if (strncasecmp(b, stems[i], n) == 0 && (b[n] == '\0' || b[n] == '.' || b[n] == '-' || b[n] == '_'))
			return true;
	}
	/* MIT-LICENSE, mit_license.txt */
	{
		const char *l = cw__health_find_nocase(b, "license");
		return l && l > b && (l[-1] == '-' || l[-1] == '_') && (l[7] == '\0' || l[7] == '.');
	}
}

/* An SPDX-License-Identifier line: the expression into `out`. */
static bool spdx_line(const char *text, char *out, size_t size)
{
	const char *p = strstr(text, "SPDX-License-Identifier:");
	size_t n;
	if (!p)
		return false;
	p += 24;
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, "\r\n*");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '/' || p[n - 1] == '>' || p[n - 1] == '-'))
		n--;
	if (n == 0 || n >= size)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* The first `lines` non-empty lines of a text, joined by a space; the
 * second line is cut at its first comma ("Version 2.0, January 2004"). */
static bool heading(const char *text, int lines, char *out, size_t size)
{
	size_t o = 0;
	int seen = 0;
	for (const char *p = text; *p && seen < lines && o + 1 < size; ) {
		size_t n = strcspn(p, "\n");
		cw_slice s = cw__slice_trim((cw_slice){ p, n });
		if (s.len > 0) {
			if (seen > 0) {
				const char *comma = memchr(s.ptr, ',', s.len);
				if (comma)
					s.len = (size_t)(comma - s.ptr);
				out[o++] = ' ';
			}
			for (size_t i = 0; i < s.len && o + 1 < size; i++)
				out[o++] = s.ptr[i];
			seen++;
		}
		p += n + (p[n] == '\n');
	}
	out[o] = '\0';
	return seen == lines;
}

/* Whether every license id of an expression is OSI-approved. */
static bool osi_expression(const char *expr)
{
	char id[128];
	bool any = false;
	for (const char *p = expr; *p; ) {
		size_t n = strcspn(p, " ()");
		if (n > 0 && n < sizeof(id)) {
			memcpy(id, p, n);
			id[n] = '\0';
			if (strcmp(id, "AND") && strcmp(id, "OR") && strcmp(id, "WITH")) {
				const cw_license_info *info = cw_license_lookup(id, n);
				if (info && !info->osi_approved)
					return false;
				/* exceptions after WITH are not licenses: unknown ids pass */
				any = any || info != NULL;
			}
		}
		p += n;
		while (*p == ' ' || *p == '(' || *p == ')')
			p++;
	}
	return any;
}

/* Identify the license of a file: *expr gets the SPDX expression or "". */
static int identify(cw__hctx *ctx, const cw__hfile *f, char *expr, size_t size, const char **method)
{
	cw_buf buf = CW_BUF_INIT;
	char head[256];
	int error;
	expr[0] = '\0';
	*method = "none";
	if (strncmp(f->path, "LICENSES/", 9) == 0) {
		/* REUSE: the file name is the id */
		const char *b = base_name(f->path), *dot = strrchr(b, '.');
		size_t n = dot ? (size_t)(dot - b) : strlen(b);
		const cw_license_info *info = cw_license_lookup(b, n);
		if (info) {
			snprintf(expr, size, "%s", info->id);
			*method = "file name (REUSE)";
			return 0;
		}
	}
	if ((error = cw__hc_read(ctx, &buf, f)) < 0)
		return error;
	if (!buf.ptr)
		goto done;
	if (ctx->licenses) {
		cw_license_match *m = NULL;
		size_t count = 0;
		if ((error = cw_license_identify(&m, &count, ctx->licenses, buf.ptr, buf.len, 75)) < 0)
			goto done;
		for (size_t i = 0; i < count; i++) {
			size_t o = strlen(expr);
			snprintf(expr + o, size - o, "%s%s", i ? " AND " : "", m[i].id);
		}
		if (count)
			*method = m[0].method;
		free(m);
		if (count)
			goto done;
	}
	if (spdx_line(buf.ptr, expr, size)) {
		*method = "spdx-id";
	} else {
		/* "MIT License"; "Apache License" + "Version 2.0, January 2004" */
		for (int lines = 1; lines <= 2 && !expr[0]; lines++) {
			cw_license_normalized n;
			if (!heading(buf.ptr, lines, head, sizeof(head)))
				break;
			if ((error = cw_license_normalize(&n, head, strlen(head))) < 0)
				goto done;
			if (n.confidence >= 0.85 && strcmp(n.expression, "NOASSERTION") != 0) {
				snprintf(expr, size, "%s", n.expression);
				*method = "heading";
			}
			cw_license_normalized_free(&n);
		}
	}
done:
	cw__buf_free(&buf);
	return error;
}

static int license(cw__hctx *ctx)
{
	const cw__hfile *found = NULL;
	char expr[256];
	const char *method;
	bool top = false, t;
	int score, error;

	for (size_t i = 0; i < ctx->files.len; i++) {
		const cw__hfile *f = &ctx->files.items[i];
		if (!license_name(f->path, &t))
			continue;
		if (!found || (t && !top)) {
			found = f;
			top = t;
		}
		if ((error = cw__hc_evidence(ctx, CW_HC_LICENSE, "file", f->path, 0, "license file")) < 0)
			return error;
	}
	if (!found)
		return cw__hc_result(ctx, CW_HC_LICENSE, 0, "no license file");
	if ((error = identify(ctx, found, expr, sizeof(expr), &method)) < 0)
		return error;
	score = 6 + (top ? 3 : 0);
	if (!expr[0])
		return cw__hc_result(ctx, CW_HC_LICENSE, score,
		                     "license file %s, license not identified%s", found->path,
		                     ctx->licenses ? "" : " (no license texts: give --licenses)");
	if ((error = cw__hc_evidence(ctx, CW_HC_LICENSE, "file", found->path, 0,
	                             "identified as %s (%s)", expr, method)) < 0)
		return error;
	if (osi_expression(expr))
		score++;
	return cw__hc_result(ctx, CW_HC_LICENSE, score, "license file %s: %s%s", found->path, expr,
	                     score == 10 || (!top && score == 7) ? ", OSI-approved" : "");
}

/* ---- Dependency-Update-Tool ---------------------------------------------- */

static int dependency_update_tool(cw__hctx *ctx)
{
	static const char *const configs[] = {
		".github/dependabot.yml", ".github/dependabot.yaml", "renovate.json", "renovate.json5",
		".renovaterc", ".renovaterc.json", ".renovaterc.json5", ".github/renovate.json",
		".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5",
		".pyup.yml", NULL
	};
	size_t found = 0;
	int error;
	for (size_t i = 0; configs[i]; i++) {
		const cw__hfile *f = cw__hc_file(ctx, configs[i]);
		if (f && ++found &&
		    (error = cw__hc_evidence(ctx, CW_HC_DEPENDENCY_UPDATE_TOOL, "file", f->path, 0, "%s configuration",
		                             strstr(configs[i], "dependabot") ? "dependabot"
		                             : strstr(configs[i], "pyup") ? "pyup" : "renovate")) < 0)
			return error;
	}
	for (size_t w = 0; w < ctx->workflows.len; w++)
		for (size_t i = 0; i < ctx->workflows.items[w].findings.len; i++) {
			const cw__wf_finding *f = &ctx->workflows.items[w].findings.items[i];
			if (f->kind == CW_WF_DEP_UPDATE && ++found &&
			    (error = cw__hc_evidence(ctx, CW_HC_DEPENDENCY_UPDATE_TOOL, "file",
			                             ctx->workflows.items[w].path, f->line, "%s", f->detail)) < 0)
				return error;
		}
	if (ctx->hist.bot_commits_90d && ctx->hist.last_bot &&
	    (cw__health_find_nocase(ctx->hist.last_bot, "dependabot") || cw__health_find_nocase(ctx->hist.last_bot, "renovate"))) {
		found++;
		if ((error = cw__hc_evidence(ctx, CW_HC_DEPENDENCY_UPDATE_TOOL, "info", "", 0,
		                             "%zu commit(s) by bots in the last 90 days, e.g. %s",
		                             ctx->hist.bot_commits_90d, ctx->hist.last_bot)) < 0)
			return error;
	}
	if (!found)
		return cw__hc_result(ctx, CW_HC_DEPENDENCY_UPDATE_TOOL, 0,
		                     "no dependency update tool (dependabot, renovate) configured");
	return cw__hc_result(ctx, CW_HC_DEPENDENCY_UPDATE_TOOL, 10, "dependency update tool detected");
}

/* ---- Binary-Artifacts ------------------------------------------------------- */

/* Extensions whose content is not inspected for executable magic. */
static bool skip_extension(const char *ext)
{
	static const char *const text[] = {
		"c", "h", "cc", "cpp", "cxx", "hpp", "hh", "go", "rs", "py", "js", "mjs", "cjs", "ts",
		"tsx", "jsx", "java", "kt", "rb", "php", "cs", "swift", "m", "sh", "bash", "md",
		"rst", "txt", "adoc", "json", "json5", "yml", "yaml", "toml", "ini", "cfg", "xml",
		"html", "htm", "css", "scss", "svg", "csv", "tsv", "cmake", "in", "am", "ac", "mk",
		"1", "3", "5", "7", "8", "pl", "pm", "lua", "sql", "proto", "gradle", "properties",
		"lock", "sum", "mod", "tex", "el", "vim", "patch", "diff", "test",
		/* media and documents: not executables, and often large */
		"png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "pdf", "woff", "woff2", "ttf",
		"otf", "eot", "mp3", "mp4", "ogg", "wav", "webm", "zip", "gz", "xz", "bz2", "zst",
		"tar", "tgz", NULL
	};
	for (size_t i = 0; text[i]; i++)
		if (strcasecmp(ext, text[i]) == 0)
			return true;
	return false;
}

static bool binary_extension(const char *ext)
{
	/* Scorecard's list */
	static const char *const bin[] = {
		"crx", "deb", "dex", "dey", "elf", "o", "a", "so", "macho", "iso", "class", "jar",
		"bundle", "dylib", "lib", "msi", "dll", "drv", "efi", "exe", "ocx", "pyc", "pyo",
		"par", "rpm", "wasm", "whl", "war", "ear", NULL
	};
	for (size_t i = 0; bin[i]; i++)
		if (strcasecmp(ext, bin[i]) == 0)
			return true;
	return false;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What the first bytes say, or NULL. */
static const char *magic(const unsigned char *p, size_t n)
{
	if (n >= 4 && memcmp(p, "\x7f" "ELF", 4) == 0)
		return "ELF executable or object";
	if (n >= 64 && p[0] == 'M' && p[1] == 'Z') {
		uint32_t off = (uint32_t)p[60] | (uint32_t)p[61] << 8 | (uint32_t)p[62] << 16 | (uint32_t)p[63] << 24;
		if (off <= n - 4 && memcmp(p + off, "PE\0\0", 4) == 0)
			return "PE (Windows) executable";
	}
	if (n >= 4) {
		uint32_t m = be32(p);
		if (m == 0xfeedfaceu || m == 0xfeedfacfu || m == 0xcefaedfeu || m == 0xcffaedfeu)
			return "Mach-O executable";
		if (m == 0xcafebabeu && n >= 8)
			return be32(p + 4) < 40 ? "Mach-O universal binary" : "Java class file";
		if (memcmp(p, "\0asm", 4) == 0)
			return "WebAssembly module";
	}
	return NULL;
}

static int binary_artifacts(cw__hctx *ctx)
{
	size_t count = 0, inspected = 0;
	git_odb *odb = NULL;
	int error = 0;
	if (CW_GIT2(git_repository_odb)(&odb, ctx->repo) < 0)
		odb = NULL;
	for (size_t i = 0; i < ctx->files.len; i++) {
		const cw__hfile *f = &ctx->files.items[i];
		const char *ext = extension(f->path), *what = NULL;
		git_blob *blob = NULL;
		bool by_ext = binary_extension(ext);
		if (f->mode == GIT_FILEMODE_LINK || (!by_ext && skip_extension(ext)))
			continue;
		if (inspected++ >= MAX_BLOBS_INSPECTED)
			break;
		if (odb) {
			size_t size = 0;
			git_object_t type;
			if (CW_GIT2(git_odb_read_header)(&size, &type, odb, &f->oid) == 0 && size > MAX_BLOB_INSPECTED) {
				/* not loaded: judged by its extension only */
				if (by_ext) {
					count++;
					if ((error = cw__hc_evidence(ctx, CW_HC_BINARY_ARTIFACTS, "file", f->path, 0,
					                             "binary by extension (%zu MiB, not inspected)",
					                             size >> 20)) < 0)
						break;
				}
				continue;
			}
		}
		if (CW_GIT2(git_blob_lookup)(&blob, ctx->repo, &f->oid) < 0) {
			error = cw__health_git_error(CW_EIO, f->path);
			break;
		}
		{
			const unsigned char *p = CW_GIT2(git_blob_rawcontent)(blob);
			size_t n = (size_t)CW_GIT2(git_blob_rawsize)(blob);
			what = magic(p, n < 4096 ? n : 4096);
			if (!what && by_ext && (CW_GIT2(git_blob_is_binary)(blob) || strcasecmp(ext, "jar") == 0))
				what = strcasecmp(ext, "jar") == 0 || strcasecmp(ext, "war") == 0 ||
				       strcasecmp(ext, "ear") == 0 ? "Java archive" : "binary by extension";
			if (what && by_ext && strcasecmp(ext, "jar") == 0 && !(n >= 2 && p[0] == 'P' && p[1] == 'K'))
				what = CW_GIT2(git_blob_is_binary)(blob) ? "binary by extension" : NULL;
		}
		CW_GIT2(git_blob_free)(blob);
		if (!what)
			continue;
		count++;
		if ((error = cw__hc_evidence(ctx, CW_HC_BINARY_ARTIFACTS, "file", f->path, 0, "%s", what)) < 0)
			break;
	}
	CW_GIT2(git_odb_free)(odb);
	if (error < 0)
		return error;
	if (count == 0)
		return cw__hc_result(ctx, CW_HC_BINARY_ARTIFACTS, 10, "no binaries found in the repository");
	return cw__hc_result(ctx, CW_HC_BINARY_ARTIFACTS, count >= 10 ? 0 : (int)(10 - count),
	                     "%zu binary file(s) committed", count);
}

int cw__health_checks_files(cw__hctx *ctx)
{
	static const cw__hc_fn checks[] = { security_policy, license, dependency_update_tool, binary_artifacts };
	return cw__hc_run(ctx, checks, sizeof(checks) / sizeof(checks[0]));
}
