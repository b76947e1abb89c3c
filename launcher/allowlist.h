/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "allow-spec.h"
#include "context.h"

/* The network allowlist of a container with network = nat (NAME.conf `allow = {...}`): host names
 * resolved before the start, an nftables table (nft-ruleset.h) on the host end of its veth after the
 * start and before anything of the user's runs in it, removed when it stops. All log. */

typedef struct AllowPlan {
        bool active; /* network = nat with a non-empty allow list */
        AllowSpec *rules; /* resolved: addresses and networks only */
        size_t n_rules;
        char *table;
} AllowPlan;

void allow_plan_done(AllowPlan *p);

/* Before the start: refuses an allow list the effective network mode cannot enforce (on, separate),
 * resolves host names (getaddrinfo) and shows what each became. */
int allowlist_prepare(Context *c, AllowPlan *ret);

/* After the start: finds the host end of the container's veth (machined's NetworkInterfaces) and
 * replaces the app's table with P's rules, atomically. A failure here must stop the container. */
int allowlist_apply(Context *c, const AllowPlan *p);

/* Removes the app's table if there is one (and nft is installed): at every stop, and at a start
 * with network = nat but no allow list (a table left from a start with one). */
int allowlist_remove(Context *c);

/* ++status: the allow list and, while RUNNING, the live table as `nft list table` prints it. */
void allowlist_print_status(Context *c, bool running);
