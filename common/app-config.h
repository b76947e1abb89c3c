/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <sys/types.h>

/* The first line of every NAME.conf the creator writes; `++aptupdateall` looks for it. */
#define CONFIG_MARKER "# app-container launcher configuration"

typedef enum NetworkMode {
        NETWORK_OFF, /* private network namespace with loopback only */
        NETWORK_ON, /* the host's network namespace */
        NETWORK_NAT, /* veth, host side configured by systemd-networkd */
        NETWORK_SEPARATE, /* macvlan on each up interface, DHCP inside */
        _NETWORK_MAX,
        _NETWORK_INVALID = -EINVAL,
} NetworkMode;

typedef enum Privilege {
        PRIVILEGE_AUTO, /* pkexec for gui apps without a terminal, sudo otherwise */
        PRIVILEGE_SUDO,
        PRIVILEGE_PKEXEC,
        _PRIVILEGE_MAX,
        _PRIVILEGE_INVALID = -EINVAL,
} Privilege;

typedef struct AppConfig {
        char *directory; /* the container's root file system */
        char *distro;
        char *user;
        uid_t uid;
        gid_t gid;
        char *run; /* command line, split like a shell would without expansions */
        bool gui;
        bool gui_private;
        char *window_manager;
        bool gpu;
        bool sound;
        bool webcam;
        bool dbus;
        bool ephemeral;
        bool userns; /* the app may make user namespaces (its own sandbox: Chromium); see appctl(1) */
        bool nested; /* rootless containers inside: newuidmap/newgidmap may work (see appctl(1)) */
        NetworkMode network;
        Privilege privilege;
        char **binds; /* NULL-terminated; each a bind spec as bind_spec_parse() takes it */
        char **allow; /* network = nat: where the container may send packets (allow-spec.h); empty: anywhere */
} AppConfig;

const char *network_mode_to_string(NetworkMode m);
NetworkMode network_mode_from_string(const char *s);
const char *privilege_to_string(Privilege p);
Privilege privilege_from_string(const char *s);

void app_config_init(AppConfig *c);
void app_config_done(AppConfig *c);

/* Parses PATH. On a broken file returns -EINVAL and, in *ret_error, "file:line: message" (malloc'd). */
int app_config_load(const char *path, AppConfig *ret, char **ret_error);

/* Renders the commented, flat "key = value" file that app_config_load() reads back. */
int app_config_format(const AppConfig *c, const char *name, char **ret);

/* Writes the rendered file atomically (temporary file, fsync, rename), mode 0644. */
int app_config_save(const AppConfig *c, const char *name, const char *path);
