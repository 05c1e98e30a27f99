/*
 * lib_git2.h - libgit2, for the repositories the health checks read,
 * loaded when first needed (util/dynlib.h): call
 * cw__git2_load() first, then CW_GIT2(function)(arguments).
 */
#ifndef CW_UTIL_LIB_GIT2_H
#define CW_UTIL_LIB_GIT2_H

#include <git2.h>

#include "util/dynlib.h"

/* Every function of the library chainwarden calls. */
#define CW_GIT2_FUNCTIONS(X) \
	X(git_blob_free) X(git_blob_is_binary) X(git_blob_lookup) X(git_blob_rawcontent) \
	X(git_blob_rawsize) X(git_buf_dispose) X(git_clone) X(git_clone_options_init) \
	X(git_commit_author) X(git_commit_committer) X(git_commit_free) X(git_commit_id) \
	X(git_commit_lookup) X(git_commit_message) X(git_commit_parent) \
	X(git_commit_parent_id) X(git_commit_parentcount) X(git_commit_raw_header) \
	X(git_commit_time) X(git_error_last) X(git_libgit2_init) X(git_libgit2_shutdown) \
	X(git_object_free) X(git_object_lookup) X(git_object_type) X(git_odb_free) \
	X(git_odb_object_data) X(git_odb_object_free) X(git_odb_object_size) \
	X(git_odb_object_type) X(git_odb_read) X(git_odb_read_header) X(git_oid_cpy) \
	X(git_oid_equal) X(git_oid_fromstrn) X(git_oid_is_zero) X(git_oid_tostr) \
	X(git_reference_free) X(git_reference_is_branch) X(git_reference_name_to_id) \
	X(git_reference_shorthand) X(git_remote_fetch) X(git_remote_free) X(git_remote_lookup) \
	X(git_remote_url) X(git_repository_discover) X(git_repository_free) \
	X(git_repository_head) X(git_repository_head_unborn) X(git_repository_is_shallow) \
	X(git_repository_odb) X(git_repository_open) X(git_repository_open_bare) \
	X(git_repository_open_ext) X(git_repository_path) X(git_repository_workdir) \
	X(git_revparse_single) X(git_tag_foreach) X(git_tag_message) X(git_tag_peel) \
	X(git_tag_tagger) X(git_tree_entry_filemode) X(git_tree_entry_id) \
	X(git_tree_entry_name) X(git_tree_entry_type) X(git_tree_walk)

CW_DYNLIB_DECLARE(git2, CW_GIT2_FUNCTIONS)
#define CW_GIT2(f) (cw__git2.f)

#endif
