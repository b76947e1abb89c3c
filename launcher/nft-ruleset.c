/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "macro.h"
#include "nft-ruleset.h"
#include "path-util.h"

#define TABLE_PREFIX "app_container_"

int nft_table_name(const char *name, char **ret) {
        char *s, *p;

        if (!machine_name_is_valid(name))
                return -EINVAL;
        s = malloc(strlen(TABLE_PREFIX) + strlen(name) * 3 + 1);
        if (!s)
                return -ENOMEM;
        p = stpcpy(s, TABLE_PREFIX);
        for (const unsigned char *c = (const unsigned char *) name; *c; c++)
                if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9'))
                        *p++ = (char) *c;
                else
                        p += sprintf(p, "_%02x", *c);
        *p = 0;
        *ret = s;
        return 0;
}

bool nft_ifname_is_valid(const char *ifname) {
        size_t n = ifname ? strlen(ifname) : 0;

        return n > 0 && n < IFNAMSIZ &&
                ifname[strspn(
                        ifname, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")] == 0;
}

/* the match and verdict of one allow rule, after `iifname "IF" ` */
static int print_rule(FILE *f, const AllowSpec *a) {
        char addr[INET6_ADDRSTRLEN];

        if ((a->family != AF_INET && a->family != AF_INET6) ||
                a->prefix > (a->family == AF_INET ? 32u : 128u) || a->port > 65535 ||
                !inet_ntop(a->family, a->addr, addr, sizeof addr))
                return -EINVAL; /* a host name not resolved, or not from allow_spec_parse() */
        fprintf(f, "%s daddr %s/%u", a->family == AF_INET ? "ip" : "ip6", addr, a->prefix);
        switch (a->proto) {
        case ALLOW_PROTO_TCP:
                fprintf(f, a->port ? " tcp dport %u" : " meta l4proto tcp", a->port);
                break;
        case ALLOW_PROTO_UDP:
                fprintf(f, a->port ? " udp dport %u" : " meta l4proto udp", a->port);
                break;
        case ALLOW_PROTO_ANY:
                if (a->port)
                        fprintf(f, " meta l4proto { tcp, udp } th dport %u", a->port);
                break;
        default:
                return -EINVAL;
        }
        fputs(" accept\n", f);
        return 0;
}

static int print_chain(FILE *f, const char *hook, const char *ifname, const char *const *extra,
        const AllowSpec *rules, size_t n_rules) {
        int r;

        fprintf(f, "\tchain %s {\n\t\ttype filter hook %s priority filter - 10; policy accept;\n", hook,
                hook);
        for (size_t i = 0; extra && extra[i]; i++)
                fprintf(f, "\t\tiifname \"%s\" %s accept\n", ifname, extra[i]);
        for (size_t i = 0; i < n_rules; i++) {
                fprintf(f, "\t\tiifname \"%s\" ", ifname);
                r = print_rule(f, &rules[i]);
                if (r < 0)
                        return r;
        }
        fprintf(f, "\t\tiifname \"%s\" drop\n\t}\n", ifname);
        return 0;
}

static bool table_name_is_valid(const char *table) {
        return table && strneq(table, TABLE_PREFIX, strlen(TABLE_PREFIX)) &&
                table[strspn(table, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] == 0;
}

int nft_ruleset_build(
        const char *table, const char *ifname, const AllowSpec *rules, size_t n_rules, char **ret) {
        /* what the nat mode needs from the host itself: DHCP from systemd-networkd's server on the
         * veth, IPv6 router and neighbour discovery, and DNS when the host answers on the veth */
        static const char *const host_services[] = {
                "udp dport 67",
                "udp dport 547",
                "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert }",
                "meta l4proto { tcp, udp } th dport 53",
                NULL,
        };
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;
        FILE *f;
        int r;

        if (!table_name_is_valid(table) || !nft_ifname_is_valid(ifname))
                return -EINVAL;
        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, "table inet %s\ndelete table inet %s\ntable inet %s {\n", table, table, table);
        r = print_chain(f, "forward", ifname, NULL, rules, n_rules);
        if (r >= 0)
                r = print_chain(f, "input", ifname, host_services, rules, n_rules);
        fputs("}\n", f);
        if (fclose(f) != 0)
                return -ENOMEM;
        if (r < 0)
                return r;
        *ret = TAKE_PTR(buf);
        return 0;
}

int nft_ruleset_delete(const char *table, char **ret) {
        if (!table_name_is_valid(table))
                return -EINVAL;
        return asprintf(ret, "table inet %s\ndelete table inet %s\n", table, table) < 0 ? -ENOMEM : 0;
}
