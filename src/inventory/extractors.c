/*
 * extractors.c - the one table of file formats: base-name pattern ->
 * extractor.  Adding a format is one new file and one line here.
 */
#include "inventory/inventory.h"
#include "inventory/lang_more.h"

#include <fnmatch.h>

const cw__extractor cw__extractors[] = {
	{ "package-lock.json",   "npm lockfile",        cw__extract_npm_lock,     false },
	{ "npm-shrinkwrap.json", "npm shrinkwrap",      cw__extract_npm_lock,     false },
	{ "yarn.lock",           "yarn lockfile",       cw__extract_yarn_lock,    false },
	{ "pnpm-lock.yaml",      "pnpm lockfile",       cw__extract_pnpm_lock,    false },
	{ "bun.lock",            "bun lockfile",        cw__extract_bun_lock,     false },
	{ "package.json",        "npm manifest",        cw__extract_package_json, true },
	{ "*requirements*.txt",  "pip requirements",    cw__extract_requirements, false },
	{ "poetry.lock",         "poetry lockfile",     cw__extract_poetry_lock,  false },
	{ "Pipfile.lock",        "pipenv lockfile",     cw__extract_pipfile_lock, false },
	{ "pdm.lock",            "pdm lockfile",        cw__extract_pdm_lock,     false },
	{ "uv.lock",             "uv lockfile",         cw__extract_uv_lock,      false },
	{ "pylock.toml",         "PEP 751 lockfile",    cw__extract_pylock,       false },
	{ "pylock.*.toml",       "PEP 751 lockfile",    cw__extract_pylock,       false },
	{ "pyproject.toml",      "Python manifest",     cw__extract_pyproject,    true },
	{ "go.sum",              "Go checksums",        cw__extract_go_sum,       false },
	{ "go.mod",              "Go module manifest",  cw__extract_go_mod,       true },
	{ "modules.txt",         "Go vendor manifest",  cw__extract_go_vendor,    true },
	{ "Cargo.lock",          "Cargo lockfile",      cw__extract_cargo_lock,   false },
	{ "gradle.lockfile",     "Gradle lockfile",     cw__extract_gradle_lock,  false },
	{ "Gemfile.lock",        "Bundler lockfile",    cw__extract_gemfile_lock, false },
	{ "gems.locked",         "Bundler lockfile",    cw__extract_gemfile_lock, false },
	{ "composer.lock",       "Composer lockfile",   cw__extract_composer_lock, false },
	{ "packages.lock.json",  "NuGet lockfile",      cw__extract_nuget_lock,   false },
	{ "pubspec.lock",        "pub lockfile",        cw__extract_pubspec_lock, false },
	{ "mix.lock",            "Mix lockfile",        cw__extract_mix_lock,     false },
	{ "conan.lock",          "Conan lockfile",      cw__extract_conan_lock,   false },
	{ "pom.xml",             "Maven POM",           cw__extract_pom_xml,      false },
	{ "verification-metadata.xml", "Gradle verification metadata", cw__extract_gradle_verification, false },
	{ "libs.versions.toml",  "Gradle version catalog", cw__extract_gradle_catalog, false },
	{ "*.csproj",            "MSBuild project",     cw__extract_csproj,       false },
	{ "*.fsproj",            "MSBuild project",     cw__extract_csproj,       false },
	{ "*.vbproj",            "MSBuild project",     cw__extract_csproj,       false },
	{ "packages.config",     "NuGet packages.config", cw__extract_packages_config, false },
	{ "Package.resolved",    "SwiftPM pins",        cw__extract_swift_resolved, false },
	{ "vcpkg.json",          "vcpkg manifest",      cw__extract_vcpkg_json,   false },
	{ "renv.lock",           "renv lockfile",       cw__extract_renv_lock,    false },
};
const size_t cw__extractor_count = sizeof(cw__extractors) / sizeof(cw__extractors[0]);

const cw__extractor *cw__extractor_find(const char *basename)
{
	for (size_t i = 0; i < cw__extractor_count; i++)
		if (fnmatch(cw__extractors[i].pattern, basename, 0) == 0)
			return &cw__extractors[i];
	return NULL;
}

bool cw_inventory_is_supported_file(const char *basename)
{
	return cw__extractor_find(basename) != NULL;
}
