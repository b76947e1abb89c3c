/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The character devices in DIR whose names start with PREFIX ("" for all), full paths, sorted.
 * An empty list when DIR is missing. gpu: ("/dev/dri", ""); webcam: ("/dev", "video"). */
int devices_list(const char *dir, const char *prefix, char ***ret);
