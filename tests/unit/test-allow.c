/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The network allowlist: the allow spec grammar (common/allow-spec.h) and the nftables ruleset
 * written from it (launcher/nft-ruleset.h); the conf key is in test-config. */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "allow-spec.h"
#include "macro.h"
#include "nft-ruleset.h"
#include "tap.h"

static void good(const char *spec, const char *want) {
        AllowSpec a = {};
        const char *why = NULL;
        int r = allow_spec_parse(spec, &a, &why);
        _cleanup_free_ char *s = r >= 0 ? allow_spec_to_string(&a) : NULL;

        ok(r == 0, "'%s' accepted (%s)", spec, strna(why));
        is_str(s, want, "'%s' reads as %s", spec, want);
        allow_spec_done(&a);
}

static void bad(const char *spec, const char *want_why) {
        _cleanup_free_ char *shown = strdup(spec);
        const char *why = NULL;

        for (char *c = shown; *c; c++) /* one TAP line each */
                if (*c == '\n')
                        *c = '?';
        ok(allow_spec_check(spec, &why) == -EINVAL, "refused: '%s'", shown);
        is_str(why, want_why, "the reason for '%s'", shown);
}

static void test_grammar(void) {
        good("192.0.2.1", "tcp+udp 192.0.2.1/32 every port");
        good("192.0.2.1:443", "tcp+udp 192.0.2.1/32 port 443");
        good("tcp:192.0.2.1:443", "tcp 192.0.2.1/32 port 443");
        good("udp:192.0.2.53:53", "udp 192.0.2.53/32 port 53");
        good("10.0.0.0/8", "tcp+udp 10.0.0.0/8 every port");
        good("10.0.0.0/8:22", "tcp+udp 10.0.0.0/8 port 22");
        good("0.0.0.0/0:1", "tcp+udp 0.0.0.0/0 port 1");
        good("tcp:example.com", "tcp example.com every port");
        good("example.com:65535", "tcp+udp example.com port 65535");
        good("localhost", "tcp+udp localhost every port");
        good("a-b.x1.example", "tcp+udp a-b.x1.example every port");
        good("1.2.3.4.example", "tcp+udp 1.2.3.4.example every port");
        good("[2001:db8::1]", "tcp+udp 2001:db8::1/128 every port");
        good("[2001:db8::1]:443", "tcp+udp 2001:db8::1/128 port 443");
        good("udp:[2001:db8::/32]:53", "udp 2001:db8::/32 port 53");
        good("[::ffff:192.0.2.1]", "tcp+udp ::ffff:192.0.2.1/128 every port");

        /* what nft would read as syntax: refused before any parsing */
        bad("1.2.3.4; flush ruleset", "only letters, digits and . - : / [ ] may appear");
        bad("1.2.3.4\nflush ruleset", "only letters, digits and . - : / [ ] may appear");
        bad("\"1.2.3.4\"", "only letters, digits and . - : / [ ] may appear");
        bad("1.2.3.4 accept", "only letters, digits and . - : / [ ] may appear");
        bad("example.com:80}", "only letters, digits and . - : / [ ] may appear");
        bad("a_b.example", "only letters, digits and . - : / [ ] may appear");
        bad("{1.2.3.4,5.6.7.8}", "only letters, digits and . - : / [ ] may appear");
        bad("", "empty");
        /* addresses */
        bad("1.2.3", "not an IPv4 address (a.b.c.d)");
        bad("1.2.3.256", "not an IPv4 address (a.b.c.d)");
        bad("01.2.3.4", "not an IPv4 address (a.b.c.d)");
        bad("10.0.0.1/8", "the address has bits set beyond its prefix length");
        bad("10.0.0.0/33", "the prefix length must be 0 to 32");
        bad("10.0.0.0/", "the prefix length must be 0 to 32");
        bad("10.0.0.0/08", "the prefix length must be 0 to 32");
        bad("[2001:db8::1/129]", "the prefix length must be 0 to 128");
        bad("[2001:db8::1", "an IPv6 address needs its closing ]");
        bad("[2001:db8::1]443", "only :PORT may follow [IPV6]");
        bad("[example.com]", "not an IPv6 address");
        bad("[1.2.3.4]", "not an IPv6 address");
        bad("2001:db8::1", "an IPv6 address goes in [ ], e.g. [2001:db8::1]:443");
        bad("example.com/24", "a prefix length only follows an address");
        bad("ex]ample.com", "[ ] only around an IPv6 address");
        /* host names */
        bad("-example.com", "not an address or a host name");
        bad("example-.com", "not an address or a host name");
        bad("example..com", "not an address or a host name");
        bad("example.com.", "not an address or a host name");
        bad("example.123", "not an address or a host name");
        bad("tcp:", "not an address or a host name");
        bad(":80", "not an address or a host name");
        bad("a123456789012345678901234567890123456789012345678901234567890123.example",
                "not an address or a host name");
        /* ports */
        bad("example.com:0", "the port must be 1 to 65535");
        bad("example.com:65536", "the port must be 1 to 65535");
        bad("example.com:080", "the port must be 1 to 65535");
        bad("example.com:", "the port must be 1 to 65535");
        bad("example.com:http", "the port must be 1 to 65535");
        bad("example.com:-1", "the port must be 1 to 65535");
        bad("tcp:80", "not an IPv4 address (a.b.c.d)");
        bad("sctp:1.2.3.4:80", "an IPv6 address goes in [ ], e.g. [2001:db8::1]:443");
        {
                char longname[ALLOW_SPEC_LENGTH_MAX + 2];
                memset(longname, 'a', sizeof longname - 1);
                longname[sizeof longname - 1] = 0;
                bad(longname, "too long");
        }
}

static void test_table_name(void) {
        _cleanup_free_ char *a = NULL, *b = NULL, *c = NULL;

        ok(nft_table_name("web", &a) == 0, "table name of web");
        is_str(a, "app_container_web", "table name of web");
        ok(nft_table_name("a-b.c_d", &b) == 0, "table name of a-b.c_d");
        is_str(b, "app_container_a_2db_2ec_5fd", "every byte but [A-Za-z0-9] encoded, '_' too");
        ok(nft_table_name("a_2db", &c) == 0 && !streq(c, "app_container_a_2db"),
                "no two machine names share a table (a_2db is not a-b)");
        ok(nft_table_name("x;y", &a) == -EINVAL, "an invalid machine name has no table");
        ok(nft_ifname_is_valid("ve-web") && nft_ifname_is_valid("ve-long-nam5d7a"), "veth names accepted");
        ok(!nft_ifname_is_valid("ve-\"x") && !nft_ifname_is_valid("0123456789abcdef") &&
                        !nft_ifname_is_valid("") && !nft_ifname_is_valid("ve x"),
                "quotes, spaces, 16 bytes and empty refused as interface names");
}

/* the allowed four of test_ruleset(), then the drop: in both chains */
#define WEB_RULES                                                                                           \
        "\t\tiifname \"ve-web\" ip daddr 192.0.2.1/32 tcp dport 443 accept\n"                               \
        "\t\tiifname \"ve-web\" ip daddr 10.0.0.0/8 accept\n"                                               \
        "\t\tiifname \"ve-web\" ip6 daddr 2001:db8::/32 udp dport 53 accept\n"                              \
        "\t\tiifname \"ve-web\" ip daddr 198.51.100.7/32 meta l4proto { tcp, udp } th dport 8001 accept\n"  \
        "\t\tiifname \"ve-web\" drop\n"

static void test_ruleset(void) {
        static const char *const specs[] = {
                "tcp:192.0.2.1:443", "10.0.0.0/8", "udp:[2001:db8::/32]:53", "198.51.100.7:8001"};
        AllowSpec rules[ELEMENTSOF(specs)] = {};
        AllowSpec name = {};
        _cleanup_free_ char *text = NULL, *del = NULL, *x = NULL;
        bool parsed = true;

        for (size_t i = 0; i < ELEMENTSOF(specs); i++)
                parsed = parsed && allow_spec_parse(specs[i], &rules[i], NULL) == 0;
        ok(parsed, "the specs parse");
        ok(nft_ruleset_build("app_container_web", "ve-web", rules, ELEMENTSOF(rules), &text) == 0,
                "ruleset built");
        is_str(text,
                "table inet app_container_web\n"
                "delete table inet app_container_web\n"
                "table inet app_container_web {\n"
                "\tchain forward {\n"
                "\t\ttype filter hook forward priority filter - 10; policy accept;\n" WEB_RULES "\t}\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter - 10; policy accept;\n"
                "\t\tiifname \"ve-web\" udp dport 67 accept\n"
                "\t\tiifname \"ve-web\" udp dport 547 accept\n"
                "\t\tiifname \"ve-web\" icmpv6 type { nd-router-solicit, nd-neighbor-solicit, "
                "nd-neighbor-advert } "
                "accept\n"
                "\t\tiifname \"ve-web\" meta l4proto { tcp, udp } th dport 53 accept\n" WEB_RULES "\t}\n"
                "}\n",
                "the ruleset: the table replaced atomically, allowed then dropped, in forward and input");
        ok(nft_ruleset_build("app_container_web", "ve-web", NULL, 0, &x) == 0 && strstr(x, "drop"),
                "an empty resolved list still drops everything");
        ok(allow_spec_parse("example.com:443", &name, NULL) == 0 &&
                        nft_ruleset_build("app_container_web", "ve-web", &name, 1, &x) == -EINVAL,
                "an unresolved host name never reaches the ruleset");
        ok(nft_ruleset_build("app_container_web; flush ruleset", "ve-web", rules, 1, &x) == -EINVAL &&
                        nft_ruleset_build("t", "ve-web", rules, 1, &x) == -EINVAL &&
                        nft_ruleset_build("app_container_web", "ve-\"x", rules, 1, &x) == -EINVAL,
                "a bad table or interface name builds nothing");
        ok(nft_ruleset_delete("app_container_web", &del) == 0, "delete built");
        is_str(del, "table inet app_container_web\ndelete table inet app_container_web\n",
                "delete works whether or not the table exists");
        allow_spec_done(&name);
        for (size_t i = 0; i < ELEMENTSOF(rules); i++)
                allow_spec_done(&rules[i]);
}

int main(void) {
        test_grammar();
        test_table_name();
        test_ruleset();
        return tap_done();
}
