/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "arg-check.h"
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
        if (r >= 0)
                r = add_checked(&l, "--machine", c->name, NULL);
        if (r >= 0)
                r = strv_extend(&l, "-D");
        if (r >= 0)
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

        for (size_t i = 0; r >= 0 && i < c->n_binds; i++)
                r = add_bind(&l, c->binds[i].source, c->binds[i].destination, c->binds[i].read_only);

        /* device nodes are bound (nspawn creates no /dev/dri or /dev/video*), DeviceAllow= opens the cgroup
         */
        for (size_t i = 0; r >= 0 && c->gpu && c->dri_nodes && c->dri_nodes[i]; i++)
                r = add_bind(&l, c->dri_nodes[i], NULL, false);
        for (size_t i = 0; r >= 0 && c->webcam && c->video_nodes && c->video_nodes[i]; i++)
                r = add_bind(&l, c->video_nodes[i], NULL, false);

        if (r >= 0 && c->x11_socket)
                r = add_bind(&l, c->x11_socket, c->x11_inside, true);
        if (r >= 0 && c->xauthority)
                r = add_bind(&l, c->xauthority, INSIDE_XAUTHORITY, true);
        if (r >= 0 && c->pulse_socket)
                r = add_bind(&l, c->pulse_socket, INSIDE_PULSE_SOCKET, true);
        if (r >= 0 && c->dbus_socket)
                r = add_bind(&l, c->dbus_socket, INSIDE_DBUS_SOCKET, true);
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
                {c->dbus, "dbus"},
                {c->ephemeral, "ephemeral"},
                {c->userns && !c->nested, "userns"},
                {c->nested, "nested"},
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
