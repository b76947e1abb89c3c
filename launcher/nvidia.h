/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "bind.h"
#include "nspawn-args.h"

/* nvidia = true: the host's proprietary NVIDIA driver in the container, as distrobox's --nvidia
 * does it. The user-space half of the driver must match the host's kernel module exactly, so it
 * cannot come from the container's packages: the host's files are bound read-only below
 * NVIDIA_DIR (never over the image's own files) and found there through LD_LIBRARY_PATH (libGLX_,
 * libEGL_, libcuda, libnvidia-*), __EGL_VENDOR_LIBRARY_DIRS (glvnd's EGL vendor file),
 * __EGL_EXTERNAL_PLATFORM_CONFIG_DIRS and VK_ICD_FILENAMES (Vulkan). The device nodes /dev/nvidia*
 * and those in /dev/nvidia-caps are bound at their own paths and allowed in the unit's device cgroup.
 * Best effort: what is found by name in the usual directories; none of it is tested on a GPU. */
#define NVIDIA_DIR INSIDE_RUN_DIR "/host/nvidia"

typedef struct NvidiaDriver {
        BindMount *binds; /* sources are host paths (without ROOT), read-only, fixed destinations */
        size_t n_binds;
        char **devices; /* /dev/nvidia0, /dev/nvidiactl, ... (without ROOT) */
        char **env; /* KEY=VALUE for the inside environment */
} NvidiaDriver;

void nvidia_driver_done(NvidiaDriver *d);

/* Looks for the driver's files and device nodes below ROOT ("/" on the host; a test's fake tree).
 * -ENOENT when neither libraries nor /dev/nvidiactl are there. */
int nvidia_discover(const char *root, NvidiaDriver *ret);
