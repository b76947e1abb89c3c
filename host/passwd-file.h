/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* Looks USER up in the text of an /etc/passwd. The container's files are parsed as text: the
 * launcher never lets NSS load modules from a container's file system. -ENOENT if absent (a
 * malformed line does not count). */
int passwd_file_find(const char *text, const char *user, uid_t *ret_uid, gid_t *ret_gid, char **ret_home,
        char **ret_shell);
