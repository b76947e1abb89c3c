/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "allow-spec.h"

/* The nftables ruleset of an app's network allowlist (network = nat, `allow = {...}`): a pure
 * step, specs in, text for `nft -f -` out, written from parsed numbers only (allow-spec.h) and from
 * names checked here, so nothing the user wrote reaches nft's parser.
 *
 * One table per app, `inet app_container_NAME` (NAME encoded to nft's identifier letters, see
 * nft_table_name()), with two base chains at priority filter - 10 on the host side of the veth:
 * forward (to anywhere through the host) and input (to the host itself). Each accepts what the
 * list allows and drops every other packet arriving from the veth; input also lets through DHCP,
 * DHCPv6, IPv6 neighbour discovery and DNS to the host (port 53), which the nat mode needs. A drop
 * there is final; an accept ends only this table's chain, and the host's own chains (firewalld,
 * ufw, iptables-nft at priority filter) still see the packet and may drop it. */

/* "app_container_" + NAME with every byte but [A-Za-z0-9] as _XX (hex): unique per machine name,
 * and only identifier letters for nft. -EINVAL for a name machine_name_is_valid() refuses. */
int nft_table_name(const char *name, char **ret);

/* Interface names as the kernel allows them and nft reads them inside quotes: 1..15 bytes of
 * [A-Za-z0-9._-] (nspawn's ve-NAME, possibly shortened, always is). */
bool nft_ifname_is_valid(const char *ifname);

/* The transaction that replaces TABLE (a stale one of a killed launcher included) by the rules for
 * IFNAME: "table X / delete table X / table X {...}", atomic in one `nft -f -`. RULES are
 * resolved (no host names). */
int nft_ruleset_build(
        const char *table, const char *ifname, const AllowSpec *rules, size_t n_rules, char **ret);

/* The transaction that removes TABLE whether or not it exists. */
int nft_ruleset_delete(const char *table, char **ret);
