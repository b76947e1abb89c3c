/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Network interfaces for network = separate: those in SYSFS ("/sys/class/net") that are backed by a
 * device (a "device" link exists, so no bridges, veths, macvlans, tunnels or lo) and are up
 * (operstate "up", or "unknown" with carrier 1, as some drivers report). Sorted by name. */
int netif_list_physical(const char *sysfs, char ***ret);
