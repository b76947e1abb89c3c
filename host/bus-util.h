/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <systemd/sd-bus.h>

/* Processes bus messages until *done becomes true; sd_bus_wait() sleeps in between (no polling). */
int bus_wait_until(sd_bus *bus, const bool *done);
