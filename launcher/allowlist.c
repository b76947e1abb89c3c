/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "allowlist.h"
#include "config.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "nft-ruleset.h"
#include "path-util.h"
#include "process.h"
#include "show.h"

void allow_plan_done(AllowPlan *p) {
        allow_spec_free_many(p->rules, p->n_rules);
        free(p->table);
        *p = (AllowPlan){};
}

static bool has_allow(const Context *c) {
        return c->config.allow && c->config.allow[0];
}

static const char *const resolver_env[] = {"HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS"};

/* appends the addresses HOST resolves to, each with SPEC's protocol and port */
static int resolve(const AllowSpec *spec, AllowSpec **rules, size_t *n) {
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
        size_t first = *n, found = 0;
        int r;

        /* the resolver reads these from the environment, which is the caller's as far as sudo or
         * pkexec let it through: root resolves the way the host is configured, nothing else */
        if (geteuid() == 0)
                for (size_t i = 0; i < ELEMENTSOF(resolver_env); i++)
                        (void) unsetenv(resolver_env[i]);
        r = getaddrinfo(spec->host, NULL, &hints, &res);
        if (r != 0)
                return log_error_errno(-EHOSTUNREACH, "allow: cannot resolve %s: %s", spec->host,
                        r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
        for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
                AllowSpec a = {.proto = spec->proto, .port = spec->port, .family = ai->ai_family};
                bool dup = false;

                if (ai->ai_family == AF_INET) {
                        memcpy(a.addr, &((struct sockaddr_in *) ai->ai_addr)->sin_addr, 4);
                        a.prefix = 32;
                } else if (ai->ai_family == AF_INET6) {
                        memcpy(a.addr, &((struct sockaddr_in6 *) ai->ai_addr)->sin6_addr, 16);
                        a.prefix = 128;
                } else
                        continue;
                for (size_t i = first; i < *n; i++)
                        dup = dup ||
                                ((*rules)[i].family == a.family &&
                                        memcmp((*rules)[i].addr, a.addr, 16) == 0);
                if (dup)
                        continue;
                if (++found > ALLOW_ADDRESSES_MAX) {
                        freeaddrinfo(res);
                        return log_error_errno(-E2BIG, "allow: %s resolves to more than %d addresses.",
                                spec->host, ALLOW_ADDRESSES_MAX);
                }
                (*rules)[(*n)++] = a;
        }
        freeaddrinfo(res);
        return 0;
}

int allowlist_prepare(Context *c, AllowPlan *ret) {
        _cleanup_(allow_plan_done) AllowPlan p = {};
        NetworkMode network = effective_network(c);
        size_t n = strv_length(c->config.allow);
        int r;

        *ret = (AllowPlan){};
        if (!has_allow(c) || network == NETWORK_OFF)
                return 0;
        /* ++aptupdate is root's apt on the host's network, never the app */
        if (c->args->action == ACTION_APTUPDATE || c->args->action == ACTION_APTUPDATEALL)
                return 0;
        if (network != NETWORK_NAT)
                return log_error_errno(-EINVAL,
                        "%s: allow needs network = nat; with network = %s nothing could enforce it.",
                        c->conf_path, network_mode_to_string(network));

        if (access(NFT, X_OK) < 0)
                return log_error_errno(negative_errno(), "%s: allow needs %s (Debian package nftables): %m",
                        c->conf_path, NFT);
        r = nft_table_name(c->name, &p.table);
        if (r < 0)
                return log_error_errno(r, "Failed to name the nftables table of %s: %m", c->name);
        p.rules = calloc(n * ALLOW_ADDRESSES_MAX, sizeof(AllowSpec));
        if (!p.rules)
                return log_oom();
        for (size_t i = 0; i < n; i++) {
                _cleanup_(allow_spec_done) AllowSpec spec = {};
                const char *why = NULL;
                size_t before = p.n_rules;

                /* checked when the conf was loaded; again here, where it is used */
                r = allow_spec_parse(c->config.allow[i], &spec, &why);
                if (r < 0)
                        /* (the entry is not printed: it may hold a newline) */
                        return log_error_errno(
                                r, "%s: allow entry %zu: %s", c->conf_path, i + 1, strna(why));
                if (spec.host) {
                        r = resolve(&spec, &p.rules, &p.n_rules);
                        if (r < 0)
                                return r;
                } else
                        p.rules[p.n_rules++] = spec;
                for (size_t j = before; j < p.n_rules; j++) {
                        _cleanup_free_ char *s = allow_spec_to_string(&p.rules[j]);
                        show_note("  allow %s → %s", c->config.allow[i], strna(s));
                }
        }
        p.active = true;
        *ret = p;
        p = (AllowPlan){};
        return 0;
}

/* the host end of the container's veth, by name */
static int find_veth(Context *c, char ret[static IF_NAMESIZE]) {
        _cleanup_free_ int *ifindexes = NULL;
        size_t n = 0;
        int r;

        r = machine_get_network_interfaces(c->bus, c->name, &ifindexes, &n);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to get the network interfaces of %s from machined: %m", c->name);
        /* --network-veth makes exactly one */
        if (n != 1)
                return log_error_errno(
                        -ENODEV, "machined lists %zu network interfaces for %s, not its veth.", n, c->name);
        if (!if_indextoname((unsigned) ifindexes[0], ret))
                return log_error_errno(
                        negative_errno(), "Failed to find interface %d of %s: %m", ifindexes[0], c->name);
        if (!nft_ifname_is_valid(ret))
                return log_error_errno(-EINVAL, "The veth of %s has an unexpected name.", c->name);
        return 0;
}

/* OUT_FD: where nft's output and errors go, -1 for ours */
static int nft_run(char *const *argv, const char *input, int out_fd) {
        int r, status = 0;

        r = process_run_input(NFT, argv, input, out_fd, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* nft said why */
}

int allowlist_apply(Context *c, const AllowPlan *p) {
        char *const argv[] = {(char *) "nft", (char *) "-f", (char *) "-", NULL};
        _cleanup_free_ char *ruleset = NULL;
        char ifname[IF_NAMESIZE];
        Step s;
        int r;

        if (!p->active)
                return 0;
        /* a dry run starts nothing: nspawn's name for a short NAME, which the plan says it is */
        (void) snprintf(ifname, sizeof ifname, "ve-%s", c->name);
        if (show_dry_run())
                show_note("  (the host end of the veth as nspawn names it; the real name comes from "
                          "machined)");
        else {
                r = find_veth(c, ifname);
                if (r < 0)
                        return r;
        }
        r = nft_ruleset_build(p->table, ifname, p->rules, p->n_rules, &ruleset);
        if (r < 0)
                return log_error_errno(r, "Failed to build the nftables ruleset of %s: %m", c->name);
        if (step_begin(&s, "%s -f - (table inet %s on %s, before the app runs):", NFT, p->table, ifname)) {
                show_note("%s", ruleset);
                r = nft_run(argv, ruleset, -1);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to load the network allowlist of %s with %s.", c->name, NFT);
        } else
                show_note("%s", ruleset);
        return 0;
}

int allowlist_remove(Context *c) {
        char *const argv[] = {(char *) "nft", (char *) "-f", (char *) "-", NULL};
        _cleanup_free_ char *table = NULL, *ruleset = NULL;
        _cleanup_close_ int null_fd = -1;
        Step s;
        int r;

        /* no nft, no table: nothing can have been loaded. Without an allow list now, one may still
         * be left from a start with one (the conf edited since): removed quietly, as nf_tables may
         * not even be there for a host that never used it. */
        if (!has_allow(c)) {
                if (access(NFT, X_OK) < 0)
                        return 0;
                null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC | O_NOCTTY);
                if (null_fd < 0)
                        return negative_errno();
        }
        r = nft_table_name(c->name, &table);
        if (r >= 0)
                r = nft_ruleset_delete(table, &ruleset);
        if (r < 0)
                return log_error_errno(r, "Failed to name the nftables table of %s: %m", c->name);
        if (!step_begin(&s, "%s -f -: delete table inet %s if it exists", NFT, table))
                return 0;
        r = nft_run(argv, ruleset, null_fd);
        step_end(&s, r);
        if (r < 0 && !has_allow(c))
                return 0;
        if (r < 0)
                return log_error_errno(
                        r, "Failed to remove the network allowlist of %s with %s.", c->name, NFT);
        return 0;
}

void allowlist_print_status(Context *c, bool running) {
        _cleanup_free_ char *table = NULL;

        if (!has_allow(c))
                return;
        for (size_t i = 0; c->config.allow[i]; i++)
                printf("  allow:     %s\n", c->config.allow[i]);
        if (nft_table_name(c->name, &table) < 0)
                return;
        printf("  firewall:  nft list table inet %s\n", table);
        fflush(stdout);
        if (running && geteuid() == 0) {
                char *const argv[] = {
                        (char *) "nft", (char *) "list", (char *) "table", (char *) "inet", table, NULL};
                if (nft_run(argv, "", -1) < 0)
                        printf("  (no such table: the allowlist is not loaded)\n");
        }
}
