/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "allow-spec.h"
#include "macro.h"

#define HOST_NAME_LENGTH_MAX 253
#define LABEL_LENGTH_MAX 63
#define PORT_MAX 65535

void allow_spec_done(AllowSpec *a) {
        free(a->host);
        *a = (AllowSpec){};
}

void allow_spec_free_many(AllowSpec *a, size_t n) {
        for (size_t i = 0; a && i < n; i++)
                allow_spec_done(&a[i]);
        free(a);
}

static bool all_digits(const char *s, size_t n) {
        if (n == 0)
                return false;
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return false;
        return true;
}

/* decimal, MIN..MAX, no sign, no leading zero (so "080" is not read as anything) */
static int parse_number(const char *s, size_t n, unsigned min, unsigned max, unsigned *ret) {
        unsigned v = 0;

        if (!all_digits(s, n) || n > 5 || (n > 1 && s[0] == '0'))
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                v = v * 10 + (unsigned) (s[i] - '0');
        if (v < min || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

/* RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; the last label is
 * not all digits (that would be an IPv4 address, parsed as one or refused) */
static bool host_name_is_valid(const char *s, size_t n) {
        size_t label = 0;
        bool digits_only = true;

        if (n == 0 || n > HOST_NAME_LENGTH_MAX || s[n - 1] == '.')
                return false;
        for (size_t i = 0; i <= n; i++) {
                char c = i < n ? s[i] : '.';

                if (c == '.') {
                        if (label == 0 || s[i - 1] == '-')
                                return false;
                        if (i == n && digits_only)
                                return false;
                        label = 0;
                        digits_only = true;
                        continue;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-'))
                        return false;
                if (c == '-' && label == 0)
                        return false;
                if (c < '0' || c > '9')
                        digits_only = false;
                if (++label > LABEL_LENGTH_MAX)
                        return false;
        }
        return true;
}

/* no bits set below the prefix: "10.0.0.1/8" is a typo for 10.0.0.1 or 10.0.0.0/8, not a guess */
static bool prefix_is_clean(const unsigned char *addr, unsigned bytes, unsigned prefix) {
        for (unsigned bit = prefix; bit < bytes * 8; bit++)
                if (addr[bit / 8] & (0x80 >> (bit % 8)))
                        return false;
        return true;
}

/* ADDR[/LEN] of FAMILY, S..S+N */
static int parse_address(const char *s, size_t n, int family, AllowSpec *a, const char **ret_why) {
        unsigned bytes = family == AF_INET ? 4 : 16;
        const char *slash = memchr(s, '/', n);
        char buf[INET6_ADDRSTRLEN];
        size_t alen = slash ? (size_t) (slash - s) : n;

        if (alen == 0 || alen >= sizeof buf)
                return *ret_why = "not an address", -EINVAL;
        memcpy(buf, s, alen);
        buf[alen] = 0;
        if (inet_pton(family, buf, a->addr) != 1)
                return *ret_why =
                               family == AF_INET ? "not an IPv4 address (a.b.c.d)" : "not an IPv6 address",
                       -EINVAL;
        a->family = family;
        a->prefix = bytes * 8;
        if (slash && parse_number(slash + 1, n - alen - 1, 0, bytes * 8, &a->prefix) < 0)
                return *ret_why = family == AF_INET ? "the prefix length must be 0 to 32"
                                                    : "the prefix length must be 0 to 128",
                       -EINVAL;
        if (!prefix_is_clean(a->addr, bytes, a->prefix))
                return *ret_why = "the address has bits set beyond its prefix length", -EINVAL;
        return 0;
}

int allow_spec_parse(const char *spec, AllowSpec *ret, const char **ret_why) {
        _cleanup_(allow_spec_done) AllowSpec a = {};
        const char *why = NULL, *p, *target, *port = NULL;
        size_t tlen;

        if (!ret_why)
                ret_why = &why;
        if (!spec || !*spec)
                return *ret_why = "empty", -EINVAL;
        if (strlen(spec) > ALLOW_SPEC_LENGTH_MAX)
                return *ret_why = "too long", -EINVAL;
        /* everything nft could read as syntax (space, ';', quotes, braces, newlines) ends here */
        if (spec[strspn(spec, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:/[]")])
                return *ret_why = "only letters, digits and . - : / [ ] may appear", -EINVAL;

        p = spec;
        if (strneq(p, "tcp:", 4) || strneq(p, "udp:", 4)) {
                a.proto = p[0] == 't' ? ALLOW_PROTO_TCP : ALLOW_PROTO_UDP;
                p += 4;
        }

        if (*p == '[') {
                const char *close = strchr(p, ']');

                if (!close)
                        return *ret_why = "an IPv6 address needs its closing ]", -EINVAL;
                target = p + 1;
                tlen = (size_t) (close - target);
                if (close[1] == ':')
                        port = close + 2;
                else if (close[1])
                        return *ret_why = "only :PORT may follow [IPV6]", -EINVAL;
                if (parse_address(target, tlen, AF_INET6, &a, ret_why) < 0)
                        return -EINVAL;
        } else {
                const char *colon = strchr(p, ':');

                target = p;
                tlen = colon ? (size_t) (colon - p) : strlen(p);
                if (colon)
                        port = colon + 1;
                if (memchr(p, '[', tlen + 1) || strchr(p, ']'))
                        return *ret_why = "[ ] only around an IPv6 address", -EINVAL;
                if (port && strchr(port, ':'))
                        return *ret_why = "an IPv6 address goes in [ ], e.g. [2001:db8::1]:443", -EINVAL;
                /* digits, dots and a slash: an IPv4 address or network, never a host name */
                if (tlen > 0 && strspn(target, "0123456789./") >= tlen) {
                        if (parse_address(target, tlen, AF_INET, &a, ret_why) < 0)
                                return -EINVAL;
                } else if (memchr(target, '/', tlen))
                        return *ret_why = "a prefix length only follows an address", -EINVAL;
                else if (!host_name_is_valid(target, tlen))
                        return *ret_why = "not an address or a host name", -EINVAL;
                else {
                        a.family = AF_UNSPEC;
                        if (!(a.host = strndup(target, tlen)))
                                return -ENOMEM;
                }
        }

        if (port && parse_number(port, strlen(port), 1, PORT_MAX, &a.port) < 0)
                return *ret_why = "the port must be 1 to 65535", -EINVAL;

        if (ret) {
                *ret = a;
                a = (AllowSpec){};
        }
        return 0;
}

int allow_spec_check(const char *spec, const char **ret_why) {
        return allow_spec_parse(spec, NULL, ret_why);
}

char *allow_spec_to_string(const AllowSpec *a) {
        static const char *const protos[] = {"tcp+udp", "tcp", "udp"};
        char addr[INET6_ADDRSTRLEN] = "?", port[16] = "every port";
        char *s;

        if (a->family == AF_INET || a->family == AF_INET6)
                (void) inet_ntop(a->family, a->addr, addr, sizeof addr);
        if (a->port > 0)
                (void) snprintf(port, sizeof port, "port %u", a->port);
        if (a->family == AF_UNSPEC) {
                if (asprintf(&s, "%s %s %s", protos[a->proto], a->host, port) < 0)
                        return NULL;
        } else if (asprintf(&s, "%s %s/%u %s", protos[a->proto], addr, a->prefix, port) < 0)
                return NULL;
        return s;
}
