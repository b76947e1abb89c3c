/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* One entry of NAME.conf's `allow = {...}` (network = nat): where the container may send packets.
 *
 *   SPEC   = [PROTO ":"] TARGET [":" PORT]
 *   PROTO  = "tcp" | "udp"                      (neither: both)
 *   TARGET = IPV4 ["/" LEN] | "[" IPV6 ["/" LEN] "]" | HOSTNAME
 *   PORT   = 1..65535, decimal                  (none: every port)
 *
 * A HOSTNAME is resolved by the launcher at each start. The grammar is strict on purpose: the
 * ruleset given to nft is written from the parsed numbers only, never from the user's text, and a
 * spec with anything but letters, digits and ". - : / [ ]" is refused before it gets that far. */

#define ALLOW_SPEC_MAX 64 /* entries in one allow list */
#define ALLOW_SPEC_LENGTH_MAX 270 /* "udp:" + a 253-byte host name + ":65535" */
#define ALLOW_ADDRESSES_MAX 16 /* addresses one host name may resolve to */

typedef enum AllowProto {
        ALLOW_PROTO_ANY, /* tcp and udp (and, without a port, every protocol) */
        ALLOW_PROTO_TCP,
        ALLOW_PROTO_UDP,
} AllowProto;

typedef struct AllowSpec {
        AllowProto proto;
        char *host; /* the host name to resolve; NULL when the spec gives an address */
        int family; /* AF_INET or AF_INET6 with an address; AF_UNSPEC with a host name */
        unsigned char addr[16]; /* network byte order; 4 bytes used for AF_INET */
        unsigned prefix; /* 32 or 128 for one address */
        unsigned port; /* 0: every port */
} AllowSpec;

void allow_spec_done(AllowSpec *a);
void allow_spec_free_many(AllowSpec *a, size_t n);

/* Parses SPEC; -EINVAL with a static explanation in *ret_why. */
int allow_spec_parse(const char *spec, AllowSpec *ret, const char **ret_why);
/* The syntax only. */
int allow_spec_check(const char *spec, const char **ret_why);

/* "tcp 192.0.2.1/32 port 443", "any 2001:db8::/32 every port": for ++show and logs; malloc'd. */
char *allow_spec_to_string(const AllowSpec *a);
