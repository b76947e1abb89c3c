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

/* dbus: which session bus the app's DBUS_SESSION_BUS_ADDRESS is. Every app also has a private
 * session bus of its own inside the container (appctl(1)); the old boolean spellings keep their
 * meaning: false/no/off is DBUS_OFF, true/yes/on (the whole bus, before filtered existed) DBUS_FULL. */
typedef enum DbusMode {
        DBUS_OFF, /* the private bus inside only */
        DBUS_FILTERED, /* the user's bus through xdg-dbus-proxy: dbus-talk and dbus-own names only */
        DBUS_FULL, /* the user's whole session bus: org.freedesktop.systemd1 runs anything on the host */
        _DBUS_MAX,
        _DBUS_INVALID = -EINVAL,
} DbusMode;

/* what dbus-talk is without the key: notifications, the tray, screen saver inhibit, the portals;
 * the same names as a NULL-terminated list (a unit test checks they agree) */
extern const char *const dbus_talk_default[];
#define DBUS_TALK_DEFAULT                                                                                   \
        "{org.freedesktop.Notifications, org.kde.StatusNotifierWatcher, org.freedesktop.ScreenSaver, "      \
        "\"org.freedesktop.portal.*\"}"

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
        DbusMode dbus;
        bool ephemeral;
        bool userns; /* the app may make user namespaces (its own sandbox: Chromium); see appctl(1) */
        bool nested; /* rootless containers inside: newuidmap/newgidmap may work (see appctl(1)) */
        bool wayland; /* the caller's Wayland compositor socket, in /run/user/UID inside */
        bool pipewire; /* the caller's PipeWire socket (pipewire-0), in /run/user/UID inside */
        bool cups; /* the host's CUPS socket, /run/cups/cups.sock */
        NetworkMode network;
        Privilege privilege;
        char **binds; /* NULL-terminated; each a bind spec as bind_spec_parse() takes it */
        char **dbus_talk; /* dbus = filtered: bus names the app may call (bus_name_is_valid()) */
        char **dbus_own; /* dbus = filtered: bus names the app may own */
        bool host_look; /* host fonts, icons, themes, GTK/Qt settings, time zone, HiDPI (host-look.h) */
        /* resource limits (common/resource-limits.h), the texts of the file; "" for none */
        char *memory_max;
        char *cpu_weight;
        char *cpu_quota;
        char *tasks_max;
        char *io_weight;
        bool nvidia; /* the host's NVIDIA driver libraries and /dev/nvidia* (nvidia.h) */
        char **allow; /* network = nat: where the container may send packets (allow-spec.h); empty: anywhere
                       */
} AppConfig;

const char *network_mode_to_string(NetworkMode m);
NetworkMode network_mode_from_string(const char *s);
const char *privilege_to_string(Privilege p);
Privilege privilege_from_string(const char *s);
const char *dbus_mode_to_string(DbusMode m);
DbusMode dbus_mode_from_string(const char *s);

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
