/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The Xauthority file format: records of a big-endian uint16 family followed by four counted
 * strings (uint16 big-endian length, then bytes): address, display number, auth name, auth data.
 * Read by hand rather than with libXau (weighed: XauReadAuth over an fmemopen'd buffer): the format
 * is these five fields, the reader here works on a buffer read with the user's ids and a size cap
 * with every length checked against its end (tests/unit/test-launcher-x11.c cuts a record at every
 * byte), and it tells a truncated file (-EBADMSG) from a missing entry (-ENOENT), which
 * XauReadAuth's NULL does not; libXau would be one more library in the root half of every host and in
 * the simulator for ~40 lines. */

#define XAUTH_FAMILY_LOCAL 256
#define XAUTH_FAMILY_WILD 65535
#define XAUTH_COOKIE_NAME "MIT-MAGIC-COOKIE-1"
/* A user's Xauthority is a few hundred bytes; anything this big is not one. */
#define XAUTH_FILE_MAX (1024 * 1024)

typedef struct XauthEntry {
        uint16_t family;
        char *address;
        size_t address_len;
        char *number;
        char *name;
        unsigned char *data;
        size_t data_len;
} XauthEntry;

void xauth_entry_done(XauthEntry *e);

/* Finds the MIT-MAGIC-COOKIE-1 entry for DISPLAY in the file contents BUF: a FamilyLocal entry for
 * HOSTNAME first (any local one when HOSTNAME is NULL), then a FamilyWild one. -ENOENT if there is
 * none, -EBADMSG on a truncated or oversized file. */
int xauth_find_display(
        const char *buf, size_t size, unsigned display, const char *hostname, XauthEntry *ret);

/* Renders E as a single FamilyWild record with an empty address: wildcard entries match whatever
 * hostname the client has, which is what makes the host's cookie work inside a container. */
int xauth_format_wild(const XauthEntry *e, char **ret, size_t *ret_size);
