/*
 * bench_purl.c - purl parse + canonicalise throughput.
 *
 * Usage: bench_purl [SHARED_DIR] [SECONDS]
 * Two input sets: every distinct string input of the purl-spec suite
 * (SHARED_DIR/data/purl/tests, valid and invalid), and a list of realistic
 * purls as lockfile and SBOM extractors produce them.  Each set is run for
 * about SECONDS (default 2) through cw_purl_canonicalize(); prints purls/s.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/purl.h"
#include "util/json.h"
#include "bench.h"

static const char *const realistic[] = {
	"pkg:npm/lodash@4.17.21",
	"pkg:npm/%40babel/core@7.24.0",
	"pkg:npm/%40types/node@20.11.30?repository_url=https:%2F%2Fregistry.example.org",
	"pkg:npm/react-dom@18.2.0",
	"pkg:pypi/requests@2.31.0",
	"pkg:pypi/Django_REST_framework@3.15.1",
	"pkg:pypi/numpy@1.26.4?file_name=numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl",
	"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1",
	"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.16.1?type=jar",
	"pkg:maven/org.springframework/spring-core@6.1.5?classifier=sources",
	"pkg:golang/github.com/gin-gonic/gin@v1.9.1",
	"pkg:golang/golang.org/x/net@v0.22.0#html",
	"pkg:golang/github.com/aws/aws-sdk-go-v2/service/s3@v1.51.4",
	"pkg:cargo/serde@1.0.197",
	"pkg:cargo/tokio@1.36.0",
	"pkg:gem/rails@7.1.3.2",
	"pkg:gem/nokogiri@1.16.3?platform=x86_64-linux",
	"pkg:composer/laravel/framework@v11.0.7",
	"pkg:nuget/Newtonsoft.Json@13.0.3",
	"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
	"pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04",
	"pkg:rpm/redhat/openssl@3.0.7-25.el9_3?arch=x86_64&epoch=1&distro=rhel-9.3",
	"pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1",
	"pkg:oci/nginx@sha256%3A0ac26b2dd41d4bd3d0ce5d9f1d1d6b6a7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b?repository_url=docker.io%2Flibrary%2Fnginx&tag=1.25",
	"pkg:docker/library/postgres@16.2",
	"pkg:github/curl/curl@curl-8_6_0",
	"pkg:hex/phoenix@1.7.11",
	"pkg:pub/http@1.2.1",
	"pkg:swift/github.com/apple/swift-nio@2.64.0",
	"pkg:cocoapods/Alamofire@5.9.0",
	"pkg:conda/numpy@1.26.4?build=py312h8753938_0&channel=conda-forge&subdir=linux-64",
	"pkg:generic/openssl@3.2.1?download_url=https://www.openssl.org/source/openssl-3.2.1.tar.gz&checksum=sha256:83c7329fe52c850677d75e5d0b0ca245309b97e8ecbcfdc1dfdc4ab9fac35b39",
	"pkg:cran/ggplot2@3.5.0",
	"pkg:hackage/aeson@2.2.1.0",
	"pkg:conan/zlib@1.3.1",
	"pkg:huggingface/meta-llama/Llama-2-7b-hf@01c7f73d771dfac7d292323805ebc428287df4f9",
	"pkg:bitnami/redis@7.2.4?arch=arm64&distro=debian-12",
	"pkg:vscode-extension/ms-python/python@2024.2.1",
	"pkg:npm/Some_Package@1.0.0",
	"pkg:golang/google.golang.org/genproto#/googleapis/api/annotations/",
};

static double now(void)
{
	return cw_bench_clock(CLOCK_MONOTONIC);
}

static size_t add_inputs(char ***list, size_t n, size_t *cap, const char *path)
{
	size_t len;
	char *data;
	FILE *fp = fopen(path, "rb");
	cw_json *doc = NULL, *tc;
	size_t i;
	if (!fp)
		return n;
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc(len + 1);
	if (data && fread(data, 1, len, fp) == len && cw__json_parse(&doc, data, len, path) == 0) {
		json_array_foreach(json_object_get(doc, "tests"), i, tc) {
			const char *s = json_string_value(json_object_get(tc, "input"));
			bool dup = false;
			if (!s)
				continue;
			for (size_t k = 0; k < n && !dup; k++)
				dup = strcmp((*list)[k], s) == 0;
			if (dup)
				continue;
			if (n == *cap) {
				*cap = *cap ? *cap * 2 : 256;
				*list = realloc(*list, *cap * sizeof(**list));
			}
			(*list)[n++] = strdup(s);
		}
	}
	cw__json_free(doc);
	free(data);
	fclose(fp);
	return n;
}

static void run(const char *label, const char *const *inputs, size_t n, double seconds)
{
	size_t *lens = malloc(n * sizeof(*lens)), done = 0, valid = 0, bytes = 0;
	double start = now(), elapsed;
	for (size_t i = 0; i < n; i++) {
		char *out = NULL;
		lens[i] = strlen(inputs[i]);
		bytes += lens[i];
		if (cw_purl_canonicalize(&out, inputs[i], lens[i]) == 0)
			valid++;
		free(out);
	}
	do {
		for (int rep = 0; rep < 50; rep++)
			for (size_t i = 0; i < n; i++) {
				char *out = NULL;
				cw_purl_canonicalize(&out, inputs[i], lens[i]);
				free(out);
			}
		done += 50 * n;
		elapsed = now() - start;
	} while (elapsed < seconds);
	printf("%-22s %5zu inputs (%zu valid, avg %zu bytes): %10.0f purls/s, %7.0f ns/purl\n",
	       label, n, valid, n ? bytes / n : 0, (double)done / elapsed, elapsed * 1e9 / (double)done);
	free(lens);
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : getenv("CW_SHARED_DIR");
	double seconds = argc > 2 ? atof(argv[2]) : 2.0;
	char path[4096], **suite = NULL;
	size_t n = 0, cap = 0;
	DIR *dp;
	struct dirent *de;

	if (!shared)
		shared = "../shared";
	snprintf(path, sizeof(path), "%s/data/purl/tests/spec/specification-test.json", shared);
	n = add_inputs(&suite, n, &cap, path);
	snprintf(path, sizeof(path), "%s/data/purl/tests/types", shared);
	if ((dp = opendir(path))) {
		while ((de = readdir(dp))) {
			char file[8192];
			if (!strstr(de->d_name, "-test.json"))
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			n = add_inputs(&suite, n, &cap, file);
		}
		closedir(dp);
	}
	if (n == 0)
		fprintf(stderr, "bench_purl: no suite inputs under %s/data/purl\n", shared);
	else
		run("purl-spec suite inputs", (const char *const *)suite, n, seconds);
	run("realistic purls", realistic, sizeof(realistic) / sizeof(realistic[0]), seconds);
	for (size_t i = 0; i < n; i++)
		free(suite[i]);
	free(suite);
	return 0;
}
