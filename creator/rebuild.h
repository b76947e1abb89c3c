/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "create.h"

/* rebuild NAME: fills C with the create's arguments again, from NAME.conf and NAME.recipe, to build
 * into DIR.rebuild; logs and returns negative errno. */
int rebuild_setup(Create *c);

/* rebuild's last stage, in place of create's launcher stage: DIR.rebuild replaces DIR. */
int stage_swap(Create *c);
