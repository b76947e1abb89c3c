/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "arg-check.h"
#include "host-look.h"
#include "macro.h"
#include "nspawn-args.h"
#include "path-util.h"

/* Every argument that is not a literal of this file goes through here: OPTION (a literal: "--bind",
 * "-D", ...) and VALUE, which must pass arg_is_safe(), and optionally ":" VALUE2 (the same). This is
 * the only function of this file that puts a non-literal string into the command line; the static
 * check tests/unit/test-static-checks.sh enforces that. */
static int add_checked(char ***l, const char *option, const char *value, const char *value2) {
        if (!arg_is_safe(value) || (value2 && !arg_is_safe(value2)))
                return -EINVAL;
        if (!option)
                return strv_extend(l, value);
        if (value2)
                return strv_extendf(l, "%s=%s:%s", option, value, value2);
        return strv_extendf(l, "%s=%s", option, value);
}

static int add_bind(char ***l, const char *source, const char *destination, bool read_only) {
        if (!destination || streq(source, destination))
                destination = NULL;
        return add_checked(l, read_only ? "--bind-ro" : "--bind", source, destination);
}

int nspawn_build_argv(const NspawnContext *c, char ***ret) {
        static const char *const fixed[] = {
                SYSTEMD_NSPAWN,
                "--quiet",
                "--keep-unit",
                "--boot",
                "--notify-ready=yes",
                "--settings=false",
                "--link-journal=no",
        };
        _cleanup_strv_free_ char **l = NULL;
        int r = 0;

        if (!c->name || !c->directory)
                return -EINVAL;
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(fixed); i++)
                r = strv_extend(&l, fixed[i]);
        /* Container root is not host root: uid X inside is host SHIFT+X, SHIFT picked by nspawn
         * per machine name; the rootfs is mounted idmapped (nothing is chowned), and nspawn fails
         * with a clear message on a file system without idmapped mounts. */
        if (r >= 0 && c->userns && c->uid_range == 0)
                r = strv_extend(&l, "--private-users=pick");
        /* the app's own range (uid-range.h): an ephemeral root, nested sub-ids, a uid >= 65536 */
        if (r >= 0 && c->userns && c->uid_range > 0) {
                char shift[16], range[16];

                snprintf(shift, sizeof(shift), "%" PRIu32, c->uid_shift);
                snprintf(range, sizeof(range), "%" PRIu32, c->uid_range);
                r = add_checked(&l, "--private-users", shift, range);
        }
        /* an ephemeral root is idmapped by the launcher already: nspawn cannot idmap the overlay */
        if (r >= 0 && c->userns)
                r = strv_extend(&l,
                        c->idmapped_root ? "--private-users-ownership=off"
                                         : "--private-users-ownership=map");
        if (r >= 0)
                r = add_checked(&l, "--machine", c->name, NULL);
        if (r >= 0)
                r = strv_extend(&l, "-D");
        if (r >= 0 && c->userns && c->idmapped_root)
                r = add_checked(&l, NULL, c->idmapped_root, NULL);
        else if (r >= 0)
                r = add_checked(&l, NULL, c->directory, NULL);

        switch (c->network) {
        case NETWORK_OFF:
                if (r >= 0)
                        r = strv_extend(&l, "--private-network");
                break;
        case NETWORK_ON:
                break;
        case NETWORK_NAT:
                if (r >= 0)
                        r = strv_extend(&l, "--network-veth");
                break;
        case NETWORK_SEPARATE:
                if (strv_length(c->interfaces) == 0)
                        return -ENONET;
                for (size_t i = 0; r >= 0 && c->interfaces[i]; i++)
                        r = add_checked(&l, "--network-macvlan", c->interfaces[i], NULL);
                break;
        default:
                return -EINVAL;
        }

        /* the app's writes outside bound folders go to a tmpfs overlay and vanish at stop */
        if (r >= 0 && c->ephemeral)
                r = strv_extend(&l, "--volatile=overlay");

        /* In a user namespace the user's binds and the X cookie are not nspawn's: it would bind them
         * with host ids (unreadable inside) or, with :idmap, with all 65536 ids (container root
         * would write host root's files); the launcher mounts them once the container is up
         * (idmap-mount.h). */
        for (size_t i = 0; r >= 0 && !c->userns && i < c->n_binds; i++)
                r = add_bind(&l, c->binds[i].source, c->binds[i].destination, c->binds[i].read_only);

        /* device nodes are bound (nspawn creates no /dev/dri or /dev/video*), DeviceAllow= opens the cgroup;
         * in a user namespace a bound node would be nobody's: the launcher makes them (idmap-mount.h) */
        for (size_t i = 0; r >= 0 && !c->userns && c->gpu && c->dri_nodes && c->dri_nodes[i]; i++)
                r = add_bind(&l, c->dri_nodes[i], NULL, false);
        for (size_t i = 0; r >= 0 && !c->userns && c->webcam && c->video_nodes && c->video_nodes[i]; i++)
                r = add_bind(&l, c->video_nodes[i], NULL, false);

        /* in a user namespace the sockets too are the launcher's (idmap-mount.h): a socket of the
         * user's of mode 0600 would be nobody's inside, and closed to the app */
        if (r >= 0 && !c->userns && c->x11_socket)
                r = add_bind(&l, c->x11_socket, c->x11_inside, true);
        if (r >= 0 && !c->userns && c->xauthority)
                r = add_bind(&l, c->xauthority, INSIDE_XAUTHORITY, true);
        if (r >= 0 && !c->userns && c->pulse_socket)
                r = add_bind(&l, c->pulse_socket, INSIDE_PULSE_SOCKET, true);
        if (r >= 0 && !c->userns && c->dbus_socket)
                r = add_bind(&l, c->dbus_socket, INSIDE_DBUS_SOCKET, true);
        /* the user's runtime dir: nspawn mounts a parent before what lands below it */
        if (r >= 0 && c->runtime_dir)
                r = add_checked(&l, "--tmpfs", c->runtime_dir, c->runtime_dir_options);
        if (r >= 0 && !c->userns && (c->wayland_socket || c->pipewire_socket) && !c->runtime_dir)
                r = -EINVAL;
        if (r >= 0 && !c->userns && c->wayland_socket) {
                _cleanup_free_ char *p = path_join(c->runtime_dir, INSIDE_WAYLAND_NAME);
                r = p ? add_bind(&l, c->wayland_socket, p, true) : -ENOMEM;
        }
        if (r >= 0 && !c->userns && c->pipewire_socket) {
                _cleanup_free_ char *p = path_join(c->runtime_dir, INSIDE_PIPEWIRE_NAME);
                r = p ? add_bind(&l, c->pipewire_socket, p, true) : -ENOMEM;
        }
        if (r >= 0 && !c->userns && c->cups_socket)
                r = add_bind(&l, c->cups_socket, INSIDE_CUPS_SOCKET, true);
        for (size_t i = 0; r >= 0 && c->nvidia_nodes && c->nvidia_nodes[i]; i++)
                r = add_bind(&l, c->nvidia_nodes[i], NULL, false);
        if (r >= 0 && c->fonts_conf)
                r = add_bind(&l, c->fonts_conf, HOST_LOOK_FONTS_CONF, true);
        /* the image's /etc/localtime is a symlink into the host's /etc (host-look.h): nspawn
         * would replace it with one to the zone of the moment */
        if (r >= 0 && c->host_look)
                r = strv_extend(&l, "--timezone=off");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int nspawn_build_device_allow(const NspawnContext *c, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        /* what systemd-nspawn@.service allows by default that a desktop app needs */
        r = strv_extend(&l, "/dev/net/tun");
        if (r >= 0)
                r = strv_extend(&l, "rwm");
        if (r >= 0)
                r = strv_extend(&l, "char-pts");
        if (r >= 0)
                r = strv_extend(&l, "rw");
        if (r >= 0 && c->gpu) {
                r = strv_extend(&l, "char-drm");
                if (r >= 0)
                        r = strv_extend(&l, "rw");
        }
        if (r >= 0 && c->webcam) {
                r = strv_extend(&l, "char-video4linux");
                if (r >= 0)
                        r = strv_extend(&l, "rw");
        }
        /* each node by path: the driver's majors have other names from one version to the next */
        for (size_t i = 0; r >= 0 && c->nvidia_nodes && c->nvidia_nodes[i]; i++) {
                r = add_checked(&l, NULL, c->nvidia_nodes[i], NULL);
                if (r >= 0)
                        r = strv_extend(&l, "rw");
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

char *grants_to_string(const AppConfig *c) {
        const struct {
                bool on;
                const char *name;
        } g[] = {
                {c->gui && !c->gui_private, "gui"},
                {c->gui_private, "gui-private"},
                {c->gpu, "gpu"},
                {c->sound, "sound"},
                {c->webcam, "webcam"},
                {c->dbus == DBUS_FULL, "dbus=full"},
                {c->dbus == DBUS_FILTERED, "dbus=filtered"},
                {c->ephemeral, "ephemeral"},
                {c->userns && !c->nested, "userns"},
                {c->nested, "nested"},
                {c->wayland, "wayland"},
                {c->pipewire, "pipewire"},
                {c->cups, "cups"},
                {c->host_look, "host-look"},
                {c->nvidia, "nvidia"},
        };
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        bool first = true;

        if (!f)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(g); i++)
                if (g[i].on) {
                        fprintf(f, "%s%s", first ? "" : ",", g[i].name);
                        first = false;
                }
        fprintf(f, "%snetwork=%s", first ? "" : ",", strna(network_mode_to_string(c->network)));
        for (size_t i = 0; c->binds && c->binds[i]; i++)
                fprintf(f, ",bind=%s", c->binds[i]);
        for (size_t i = 0; c->allow && c->allow[i]; i++)
                fprintf(f, ",allow=%s", c->allow[i]);
        if (fclose(f) != 0) {
                free(buf);
                return NULL;
        }
        return buf;
}
