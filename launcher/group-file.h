/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* The gids USER has inside a container, from the text of its /etc/group (read as data, never via
 * NSS, so no library of the container is ever loaded into a privileged process): PRIMARY first,
 * then every group listing USER as a member, without duplicates. Malformed lines are skipped. */
int group_file_user_gids(const char *text, const char *user, gid_t primary, gid_t **ret, size_t *ret_n);
