/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "bind.h"
#include "context.h"

/* What the container shares, resolved on the host as the caller. */
typedef struct Grants {
        BindMount *binds;
        size_t n_binds;
        char **interfaces;
        char **dri_nodes;
        char **video_nodes;
        char *x11_socket;
        char *x11_inside;
        char *xauthority;
        char *pulse_socket;
        char *dbus_socket;
        char *runtime_dir; /* the user's runtime dir inside (bind-runtime.h), when a socket lands there */
        char *runtime_dir_options;
        char *wayland_socket;
        char *pipewire_socket;
        char *cups_socket;
        char **inside_env;
        char *fonts_conf; /* host-look: RUN_DIR/UID/state/NAME/fonts.conf */
        char **nvidia_nodes;
        char *stage_dir; /* bind-stage.h: the staging mounts, dropped with the Grants */
} Grants;

void grants_done(Grants *g);
/* Resolves what C's conf grants, as the caller (gui-private starts Xephyr). Logs. */
int prepare_grants(Context *c, Grants *g);

/* Once the container of LEADER (c->leader_pidfd) is up: G's binds and X cookie, mounted idmapped
 * to the user's uid alone (idmap-mount.h). */
int grants_mount_idmapped(Context *c, const Grants *g, pid_t leader);
int save_inside_env(Context *c, char *const *env);
int save_state_file(Context *c, const char *file, const char *text);
int load_inside_env(Context *c, char ***env);
