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
        bool host_look; /* host fonts, icons, themes, GTK/Qt settings, time zone, HiDPI (host-look.h) */
        /* resource limits (common/resource-limits.h), the texts of the file; "" for none */
        char *memory_max;
        char *cpu_weight;
        char *cpu_quota;
        char *tasks_max;
        char *io_weight;
        bool nvidia; /* the host's NVIDIA driver libraries and /dev/nvidia* (nvidia.h) */
} AppConfig;

const char *network_mode_to_string(NetworkMode m);
NetworkMode network_mode_from_string(const char *s);
const char *privilege_to_string(Privilege p);
Privilege privilege_from_string(const char *s);

/* The five resource-limit keys, in the file's order, and C's text of the I-th (NULL: none). */
#define APP_CONFIG_N_LIMITS 5
extern const char *const app_config_limit_keys[APP_CONFIG_N_LIMITS];
const char *app_config_limit(const AppConfig *c, size_t i);

void app_config_init(AppConfig *c);
void app_config_done(AppConfig *c);

/* Parses PATH. On a broken file returns -EINVAL and, in *ret_error, "file:line: message" (malloc'd). */
int app_config_load(const char *path, AppConfig *ret, char **ret_error);

/* Renders the commented, flat "key = value" file that app_config_load() reads back. */
int app_config_format(const AppConfig *c, const char *name, char **ret);

/* Writes the rendered file atomically (temporary file, fsync, rename), mode 0644. */
int app_config_save(const AppConfig *c, const char *name, const char *path);
