/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <confuse.h>
#include <fcntl.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>

#include "allow-spec.h"
#include "app-config.h"
#include "bind.h"
#include "io-util.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "resource-limits.h"

static const char *const network_modes[_NETWORK_MAX] = {
        [NETWORK_OFF] = "off",
        [NETWORK_ON] = "on",
        [NETWORK_NAT] = "nat",
        [NETWORK_SEPARATE] = "separate",
};

static const char *const privileges[_PRIVILEGE_MAX] = {
        [PRIVILEGE_AUTO] = "auto",
        [PRIVILEGE_SUDO] = "sudo",
        [PRIVILEGE_PKEXEC] = "pkexec",
};

/* the index is the mode; the boolean spellings of the key before dbus = filtered follow */
const char *const dbus_talk_default[] = {
        "org.freedesktop.Notifications",
        "org.kde.StatusNotifierWatcher",
        "org.freedesktop.ScreenSaver",
        "org.freedesktop.portal.*",
        NULL,
};

static const char *const dbus_modes[] = {
        [DBUS_OFF] = "false",
        [DBUS_FILTERED] = "filtered",
        [DBUS_FULL] = "full",
        "off",
        "no",
        "true",
        "on",
        "yes",
};

static int lookup(const char *const *table, size_t n, const char *s) {
        for (size_t i = 0; s && i < n; i++)
                if (streq(table[i], s))
                        return (int) i;
        return -EINVAL;
}

const char *network_mode_to_string(NetworkMode m) {
        return m >= 0 && m < _NETWORK_MAX ? network_modes[m] : NULL;
}

NetworkMode network_mode_from_string(const char *s) {
        return (NetworkMode) lookup(network_modes, _NETWORK_MAX, s);
}

const char *privilege_to_string(Privilege p) {
        return p >= 0 && p < _PRIVILEGE_MAX ? privileges[p] : NULL;
}

Privilege privilege_from_string(const char *s) {
        return (Privilege) lookup(privileges, _PRIVILEGE_MAX, s);
}

const char *dbus_mode_to_string(DbusMode m) {
        return m >= 0 && m < _DBUS_MAX ? dbus_modes[m] : NULL;
}

DbusMode dbus_mode_from_string(const char *s) {
        /* case-insensitive, as libconfuse read the key when it was a boolean */
        for (size_t i = 0; s && i < ELEMENTSOF(dbus_modes); i++)
                if (strcasecmp(dbus_modes[i], s) == 0)
                        return i < _DBUS_MAX ? (DbusMode) i : i < _DBUS_MAX + 2 ? DBUS_OFF : DBUS_FULL;
        return _DBUS_INVALID;
}

void app_config_init(AppConfig *c) {
        *c = (AppConfig){
                .uid = (uid_t) -1,
                .gid = (gid_t) -1,
                .network = NETWORK_OFF,
                .privilege = PRIVILEGE_AUTO,
        };
}

void app_config_done(AppConfig *c) {
        free(c->directory);
        free(c->distro);
        free(c->user);
        free(c->run);
        free(c->window_manager);
        strv_free(c->binds);
        strv_free(c->dbus_talk);
        strv_free(c->dbus_own);
        free(c->memory_max);
        free(c->cpu_weight);
        free(c->cpu_quota);
        free(c->tasks_max);
        free(c->io_weight);
        strv_free(c->allow);
        app_config_init(c);
}

/* libconfuse reports through a callback without user data; the parser is not reentrant anyway. */
static char *parse_error;

/* libconfuse 3.3 counts each line with a comment three times ("# c\nx = 1" reports x on line 4).
 * Its numbers are mapped back to the file's; the excess per comment is measured once on a probe, so
 * a libconfuse that counts right gets no correction. */
static int probe_line;

_printf_(2, 0) static void probe_cb(cfg_t *cfg, const char *fmt, va_list ap) {
        if (!probe_line)
                probe_line = cfg->line;
}

static int comment_excess(void) {
        static int excess = -1;

        if (excess < 0) {
                cfg_opt_t none[] = {CFG_END()};
                cfg_t *p = cfg_init(none, CFGF_NONE);

                excess = 0;
                if (p) {
                        probe_line = 0;
                        cfg_set_error_function(p, probe_cb);
                        (void) cfg_parse_buf(p, "# c\nx = 1\n");
                        cfg_free(p);
                        if (probe_line > 2)
                                excess = probe_line - 2;
                }
        }
        return excess;
}

/* the file's line that libconfuse calls line REPORTED: '#' outside quotes starts a comment */
static int file_line(const char *path, int reported) {
        int excess = comment_excess(), line = 1, rep = 1, c;
        _cleanup_fclose_ FILE *f = NULL;
        bool comment = false;
        int quote = 0;

        if (excess == 0 || !path || !(f = fopen(path, "re")))
                return reported;
        while (rep < reported && (c = fgetc(f)) != EOF) {
                if (c == '\n') {
                        line++;
                        rep += 1 + (comment ? excess : 0);
                        comment = false;
                } else if (comment)
                        continue;
                else if (quote && c == '\\')
                        (void) fgetc(f);
                else if (quote && c == quote)
                        quote = 0;
                else if (!quote && (c == '"' || c == '\''))
                        quote = c;
                else if (!quote && c == '#')
                        comment = true;
        }
        return line;
}

_printf_(2, 0) static void error_cb(cfg_t *cfg, const char *fmt, va_list ap) {
        _cleanup_free_ char *msg = NULL;

        if (parse_error) /* keep the first error: later ones are usually its consequences */
                return;
        if (vasprintf(&msg, fmt, ap) < 0)
                return;
        if (strneq(msg, "no such option '[", strlen("no such option '["))) {
                /* people write INI files; libconfuse reads the flat part of them only */
                free(msg);
                if (!(msg = strdup(
                              "[section] headers are not supported: the file is flat 'key = value' lines")))
                        return;
        }
        if (asprintf(&parse_error, "%s:%d: %s", cfg->filename ?: "<config>",
                    file_line(cfg->filename, cfg->line), msg) < 0)
                parse_error = NULL;
}

static int validate_absolute(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0);

        if (!path_is_absolute(v) || !path_is_normalized(v)) {
                cfg_error(cfg, "%s must be a normalized absolute path, got '%s'", opt->name, v);
                return -1;
        }
        return 0;
}

static int validate_user(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0);

        if (!user_name_is_valid(v)) {
                cfg_error(cfg, "'%s' is not a valid user name", v);
                return -1;
        }
        return 0;
}

static int validate_id(cfg_t *cfg, cfg_opt_t *opt) {
        long v = cfg_opt_getnint(opt, 0);

        if (v < 0 || !id_is_valid((unsigned long long) v)) {
                cfg_error(cfg, "%s must be a valid id (" ID_RANGE_TEXT "), got %ld", opt->name, v);
                return -1;
        }
        return 0;
}

static int validate_network(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0);

        if (network_mode_from_string(v) < 0) {
                cfg_error(cfg, "network must be one of off, on, nat, separate, got '%s'", v);
                return -1;
        }
        return 0;
}

static int validate_privilege(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0);

        if (privilege_from_string(v) < 0) {
                cfg_error(cfg, "privilege must be one of auto, sudo, pkexec, got '%s'", v);
                return -1;
        }
        return 0;
}

static int validate_dbus(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0);

        if (dbus_mode_from_string(v) < 0) {
                cfg_error(cfg, "dbus must be one of false, filtered, full (true means full), got '%s'", v);
                return -1;
        }
        return 0;
}

static int validate_bus_names(cfg_t *cfg, cfg_opt_t *opt) {
        for (unsigned i = 0; i < cfg_opt_size(opt); i++) {
                const char *v = cfg_opt_getnstr(opt, i);
                if (!bus_name_is_valid(v)) {
                        cfg_error(cfg,
                                "%s: '%s' is not a D-Bus name (like org.example.App, or org.example.* "
                                "for every name below it)",
                                opt->name, v);
                        return -1;
                }
        }
        return 0;
}

static int validate_run(cfg_t *cfg, cfg_opt_t *opt) {
        _cleanup_strv_free_ char **argv = NULL;
        const char *v = cfg_opt_getnstr(opt, 0);
        int r = split_command_line(v, &argv);

        if (r < 0 || !argv[0]) {
                cfg_error(cfg, r < 0 ? "run has an unbalanced quote: %s" : "run must name a command%s",
                        r < 0 ? v : "");
                return -1;
        }
        return 0;
}

static int validate_binds(cfg_t *cfg, cfg_opt_t *opt) {
        for (unsigned i = 0; i < cfg_opt_size(opt); i++) {
                const char *spec = cfg_opt_getnstr(opt, i), *why;
                if (bind_spec_check(spec, &why) < 0) {
                        cfg_error(cfg, "bind '%s': %s", spec, why);
                        return -1;
                }
        }
        return 0;
}

static int validate_limit(cfg_t *cfg, cfg_opt_t *opt) {
        const char *v = cfg_opt_getnstr(opt, 0), *why = NULL;

        if (limit_check(opt->name, v, &why) < 0) {
                cfg_error(cfg, "%s must be %s, got '%s'", opt->name, why, v);
                return -1;
        }
        return 0;
}

const char *const app_config_limit_keys[APP_CONFIG_N_LIMITS] = {
        "memory-max", "cpu-weight", "cpu-quota", "tasks-max", "io-weight"};

const char *app_config_limit(const AppConfig *c, size_t i) {
        const char *const v[APP_CONFIG_N_LIMITS] = {
                c->memory_max, c->cpu_weight, c->cpu_quota, c->tasks_max, c->io_weight};

        return i < APP_CONFIG_N_LIMITS ? v[i] : NULL;
}

/* S with every control character as '?': an error must stay one line, whatever the value holds */
static char *printable(const char *s) {
        char *p = strdup(s);

        for (char *c = p; c && *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        *c = '?';
        return p;
}

static int validate_allow(cfg_t *cfg, cfg_opt_t *opt) {
        if (cfg_opt_size(opt) > ALLOW_SPEC_MAX) {
                cfg_error(cfg, "allow has more than %d entries", ALLOW_SPEC_MAX);
                return -1;
        }
        for (unsigned i = 0; i < cfg_opt_size(opt); i++) {
                const char *spec = cfg_opt_getnstr(opt, i), *why;
                if (allow_spec_check(spec, &why) < 0) {
                        _cleanup_free_ char *shown = printable(spec);
                        cfg_error(cfg, "allow '%s': %s", shown ?: "?", why);
                        return -1;
                }
        }
        return 0;
}

static char *dup_opt(cfg_t *cfg, const char *key) {
        const char *v = cfg_getstr(cfg, key);
        return v ? strdup(v) : NULL;
}

static int dup_list(cfg_t *cfg, const char *key, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(cfg_size(cfg, key) + 1, sizeof(char *));

        if (!l)
                return -ENOMEM;
        for (unsigned i = 0; i < cfg_size(cfg, key); i++)
                if (!(l[i] = strdup(cfg_getnstr(cfg, key, i))))
                        return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

static int count_lines(const char *path) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        int c, n = 1;

        if (!f)
                return 1;
        while ((c = fgetc(f)) != EOF)
                if (c == '\n')
                        n++;
        return n > 1 ? n - 1 : 1;
}

int app_config_load(const char *path, AppConfig *ret, char **ret_error) {
        static const char *const required[] = {"directory", "user", "uid", "gid", "run"};
        cfg_opt_t opts[] = {
                CFG_STR("directory", NULL, CFGF_NODEFAULT),
                CFG_STR("distro", "bookworm", CFGF_NONE),
                CFG_STR("user", NULL, CFGF_NODEFAULT),
                CFG_INT("uid", 0, CFGF_NODEFAULT),
                CFG_INT("gid", 0, CFGF_NODEFAULT),
                CFG_STR("run", NULL, CFGF_NODEFAULT),
                CFG_BOOL("gui", cfg_false, CFGF_NONE),
                CFG_BOOL("gui-private", cfg_false, CFGF_NONE),
                CFG_STR("window-manager", "", CFGF_NONE),
                CFG_BOOL("gpu", cfg_false, CFGF_NONE),
                CFG_BOOL("sound", cfg_false, CFGF_NONE),
                CFG_BOOL("webcam", cfg_false, CFGF_NONE),
                CFG_STR("dbus", "false", CFGF_NONE),
                CFG_BOOL("ephemeral", cfg_false, CFGF_NONE),
                CFG_BOOL("userns", cfg_false, CFGF_NONE),
                CFG_BOOL("nested", cfg_false, CFGF_NONE),
                CFG_STR("network", "off", CFGF_NONE),
                CFG_STR("privilege", "auto", CFGF_NONE),
                CFG_STR_LIST("bind", "{}", CFGF_NONE),
                CFG_STR_LIST("dbus-talk", DBUS_TALK_DEFAULT, CFGF_NONE),
                CFG_STR_LIST("dbus-own", "{}", CFGF_NONE),
                CFG_BOOL("wayland", cfg_false, CFGF_NONE),
                CFG_BOOL("pipewire", cfg_false, CFGF_NONE),
                CFG_BOOL("cups", cfg_false, CFGF_NONE),
                /* no default: an older file without the key gets host-look for gui apps */
                CFG_BOOL("host-look", cfg_false, CFGF_NODEFAULT),
                CFG_STR("memory-max", "", CFGF_NONE),
                CFG_STR("cpu-weight", "", CFGF_NONE),
                CFG_STR("cpu-quota", "", CFGF_NONE),
                CFG_STR("tasks-max", "", CFGF_NONE),
                CFG_STR("io-weight", "", CFGF_NONE),
                CFG_BOOL("nvidia", cfg_false, CFGF_NONE),
                CFG_STR_LIST("allow", "{}", CFGF_NONE),
                CFG_END(),
        };
        _cleanup_(app_config_done) AppConfig c;
        _cleanup_fclose_ FILE *f = NULL;
        cfg_t *cfg;
        int r;

        app_config_init(&c);
        if (ret_error)
                *ret_error = NULL;

        f = fopen(path, "re");
        if (!f) {
                r = negative_errno();
                if (ret_error && asprintf(ret_error, "%s: %s", path, strerror(-r)) < 0)
                        *ret_error = NULL;
                return r;
        }

        cfg = cfg_init(opts, CFGF_NONE);
        if (!cfg)
                return -ENOMEM;
        cfg_set_error_function(cfg, error_cb);
        cfg_set_validate_func(cfg, "directory", validate_absolute);
        cfg_set_validate_func(cfg, "user", validate_user);
        cfg_set_validate_func(cfg, "uid", validate_id);
        cfg_set_validate_func(cfg, "gid", validate_id);
        cfg_set_validate_func(cfg, "run", validate_run);
        cfg_set_validate_func(cfg, "network", validate_network);
        cfg_set_validate_func(cfg, "privilege", validate_privilege);
        cfg_set_validate_func(cfg, "bind", validate_binds);
        cfg_set_validate_func(cfg, "dbus", validate_dbus);
        cfg_set_validate_func(cfg, "dbus-talk", validate_bus_names);
        cfg_set_validate_func(cfg, "dbus-own", validate_bus_names);
        for (size_t i = 0; i < APP_CONFIG_N_LIMITS; i++)
                cfg_set_validate_func(cfg, app_config_limit_keys[i], validate_limit);
        cfg_set_validate_func(cfg, "allow", validate_allow);

        free(cfg->filename);
        cfg->filename = strdup(path);
        free(parse_error);
        parse_error = NULL;
        /* measured before, not from the error callback: the parser is not reentrant */
        (void) comment_excess();
        r = cfg_parse_fp(cfg, f) == CFG_SUCCESS ? 0 : -EINVAL;
        /* cfg_parse_fp() does not know the name; errors raised after parsing still need it */
        if (r == 0)
                for (size_t i = 0; i < ELEMENTSOF(required); i++)
                        if (cfg_size(cfg, required[i]) == 0) {
                                if (asprintf(&parse_error, "%s:%d: missing required key '%s'", path,
                                            count_lines(path), required[i]) < 0)
                                        parse_error = NULL;
                                r = -EINVAL;
                                break;
                        }

        if (r == 0) {
                c.directory = dup_opt(cfg, "directory");
                c.distro = dup_opt(cfg, "distro");
                c.user = dup_opt(cfg, "user");
                c.run = dup_opt(cfg, "run");
                c.window_manager = dup_opt(cfg, "window-manager");
                c.uid = (uid_t) cfg_getint(cfg, "uid");
                c.gid = (gid_t) cfg_getint(cfg, "gid");
                c.gui = cfg_getbool(cfg, "gui");
                c.gui_private = cfg_getbool(cfg, "gui-private");
                c.gpu = cfg_getbool(cfg, "gpu");
                c.sound = cfg_getbool(cfg, "sound");
                c.webcam = cfg_getbool(cfg, "webcam");
                c.dbus = dbus_mode_from_string(cfg_getstr(cfg, "dbus"));
                c.ephemeral = cfg_getbool(cfg, "ephemeral");
                c.userns = cfg_getbool(cfg, "userns");
                c.nested = cfg_getbool(cfg, "nested");
                c.wayland = cfg_getbool(cfg, "wayland");
                c.pipewire = cfg_getbool(cfg, "pipewire");
                c.cups = cfg_getbool(cfg, "cups");
                c.network = network_mode_from_string(cfg_getstr(cfg, "network"));
                c.privilege = privilege_from_string(cfg_getstr(cfg, "privilege"));
                c.binds = calloc(cfg_size(cfg, "bind") + 1, sizeof(char *));
                c.host_look = cfg_size(cfg, "host-look") > 0 ? cfg_getbool(cfg, "host-look")
                                                             : c.gui || c.gui_private;
                c.memory_max = dup_opt(cfg, "memory-max");
                c.cpu_weight = dup_opt(cfg, "cpu-weight");
                c.cpu_quota = dup_opt(cfg, "cpu-quota");
                c.tasks_max = dup_opt(cfg, "tasks-max");
                c.io_weight = dup_opt(cfg, "io-weight");
                c.nvidia = cfg_getbool(cfg, "nvidia");
                if (!c.directory || !c.distro || !c.user || !c.run || !c.window_manager || !c.binds ||
                        !c.memory_max || !c.cpu_weight || !c.cpu_quota || !c.tasks_max || !c.io_weight)
                        r = -ENOMEM;
                for (unsigned i = 0; r == 0 && i < cfg_size(cfg, "bind"); i++)
                        if (!(c.binds[i] = strdup(cfg_getnstr(cfg, "bind", i))))
                                r = -ENOMEM;
                if (r == 0)
                        r = dup_list(cfg, "dbus-talk", &c.dbus_talk);
                if (r == 0)
                        r = dup_list(cfg, "dbus-own", &c.dbus_own);
                if (r == 0 && !(c.allow = calloc(cfg_size(cfg, "allow") + 1, sizeof(char *))))
                        r = -ENOMEM;
                for (unsigned i = 0; r == 0 && i < cfg_size(cfg, "allow"); i++)
                        if (!(c.allow[i] = strdup(cfg_getnstr(cfg, "allow", i))))
                                r = -ENOMEM;
        }
        cfg_free(cfg);

        if (r == -EINVAL) {
                if (ret_error)
                        *ret_error = parse_error ? parse_error : strdup("invalid configuration");
                else
                        free(parse_error);
                parse_error = NULL;
                return r;
        }
        if (r < 0)
                return r;
        *ret = c;
        app_config_init(&c);
        return 0;
}

/* libconfuse strings: double quotes, with backslash escapes for " and \ */
/* A write error stays in F's error flag: app_config_format() checks it once, at the end. */
static void append_quoted(FILE *f, const char *s) {
        fputc('"', f);
        for (; *s; s++) {
                if (*s == '"' || *s == '\\')
                        fputc('\\', f);
                fputc(*s, f);
        }
        fputc('"', f);
}

static void append_list(FILE *f, const char *key, char *const *l) {
        fprintf(f, "%s = {", key);
        for (size_t i = 0; l && l[i]; i++) {
                if (i > 0)
                        fputs(", ", f);
                append_quoted(f, l[i]);
        }
        fputs("}\n", f);
}

static const char *yes_no(bool b) {
        return b ? "true" : "false";
}

int app_config_format(const AppConfig *c, const char *name, char **ret) {
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;
        bool failed;
        FILE *f = open_memstream(&buf, &size);

        if (!f)
                return -ENOMEM;

        fprintf(f, "%s\n", CONFIG_MARKER);
        fprintf(f,
                "# for the launcher '%s'; see appctl(1). Flat 'key = value' lines; '#' starts a comment.\n",
                name);
        fprintf(f, "# Every grant below is all the container gets from the host.\n\n");

        fprintf(f,
                "# The container's root file system and the distribution it was made from.\ndirectory = ");
        append_quoted(f, c->directory);
        fprintf(f, "\ndistro = ");
        append_quoted(f, strempty(c->distro));
        fprintf(f, "\n\n# The app runs as this user, with the same uid and gid as on the host.\nuser = ");
        append_quoted(f, c->user);
        fprintf(f, "\nuid = %u\ngid = %u\n", (unsigned) c->uid, (unsigned) c->gid);
        fprintf(f, "\n# The command started by the launcher; its arguments are appended.\nrun = ");
        append_quoted(f, c->run);
        fprintf(f, "\n\n# X11 display (a cookie, never xhost); gui-private: a nested Xephyr window.\n");
        fprintf(f, "gui = %s\ngui-private = %s\nwindow-manager = ", yes_no(c->gui), yes_no(c->gui_private));
        append_quoted(f, strempty(c->window_manager));
        fprintf(f,
                "\n\n# Devices and sockets: GPU (/dev/dri), sound (pulse socket), webcam (/dev/video*).\n");
        fprintf(f, "gpu = %s\nsound = %s\nwebcam = %s\n", yes_no(c->gpu), yes_no(c->sound),
                yes_no(c->webcam));
        fprintf(f,
                "\n# The app always has a private session bus inside. dbus = filtered: your session bus\n"
                "# through a filter, only the dbus-talk and dbus-own names; full: your whole session bus\n"
                "# (org.freedesktop.systemd1 on it runs any command on the host: no sandbox left).\n"
                "dbus = %s\n",
                dbus_mode_to_string(c->dbus));
        fprintf(f,
                "\n# off: loopback only; on: the host's network; nat: veth behind the host;\n"
                "# separate: macvlan on each up interface with DHCP inside.\nnetwork = %s\n",
                network_mode_to_string(c->network));
        fprintf(f,
                "\n# Host paths shared with the container: downloads, documents, gitconfig, steam, cache,\n"
                "# or SRC[:DST[:ro|rw]]. Example: bind = {downloads, \"/srv/data:/data:ro\"}\n");
        append_list(f, "bind", c->binds);
        fprintf(f,
                "\n# Throw away everything the app writes outside bound folders when it stops.\n"
                "ephemeral = %s\n",
                yes_no(c->ephemeral));
        fprintf(f,
                "\n# Apps that sandbox themselves in user namespaces (Chromium, Chrome, Electron,\n"
                "# Firefox): the app may make user namespaces and mount and chroot inside them. More\n"
                "# kernel code within its reach; no other privilege. Off unless the app needs it.\n"
                "userns = %s\n",
                yes_no(c->userns));
        fprintf(f,
                "\n# Containers inside (rootless podman): the app may use the newuidmap and\n"
                "# newgidmap for the user's sub-uid range; it keeps CAP_SETUID and CAP_SETGID in its\n"
                "# bounding set and runs without no_new_privs. Off unless you need it.\nnested = %s\n",
                yes_no(c->nested));
        fprintf(f,
                "\n# How the launcher gains privilege: auto (pkexec for gui apps without a terminal,\n"
                "# sudo otherwise), sudo, pkexec.\nprivilege = %s\n",
                privilege_to_string(c->privilege));
        fprintf(f,
                "\n# dbus = filtered: the names on your session bus the app may call, and own; NAME.* is\n"
                "# every name below NAME. Default: notifications, tray, screen saver, portals.\n");
        /* none set (a conf made in memory): the key's default, written out */
        append_list(f, "dbus-talk", c->dbus_talk ?: (char *const *) dbus_talk_default);
        append_list(f, "dbus-own", c->dbus_own);
        fprintf(f,
                "\n# The desktop's sockets: the Wayland compositor (apps prefer it; gui keeps X11 for\n"
                "# those that need it), PipeWire (sound, camera and screen streams: also capture), the\n"
                "# printers (CUPS). Each lands in /run/user/UID or /run/cups inside.\n"
                "wayland = %s\npipewire = %s\ncups = %s\n",
                yes_no(c->wayland), yes_no(c->pipewire), yes_no(c->cups));
        fprintf(f,
                "\n# The host's look and place, read-only: fonts, icon and cursor themes, GTK and Qt\n"
                "# theme settings, the time zone (followed while the app runs), HiDPI scale factors.\n"
                "# Unset: on for gui apps.\nhost-look = %s\n",
                yes_no(c->host_look));
        fprintf(f,
                "\n# Resource limits of the container's unit; empty for none. memory-max: 512M, 2G or\n"
                "# 50%% of the host's memory; cpu-weight and io-weight: 1..10000 (100 is everyone's);\n"
                "# cpu-quota: 50%% of one CPU, 200%% of two; tasks-max: a number or a percentage.\n");
        for (size_t i = 0; i < APP_CONFIG_N_LIMITS; i++) {
                fprintf(f, "%s = ", app_config_limit_keys[i]);
                append_quoted(f, strempty(app_config_limit(c, i)));
                fputc('\n', f);
        }
        fprintf(f,
                "\n# The host's NVIDIA proprietary driver: its libraries and /dev/nvidia*, read-only.\n"
                "nvidia = %s\n",
                yes_no(c->nvidia));
        fprintf(f,
                "\n# network = nat only: where the container may send packets, [tcp:|udp:]HOST[:PORT]\n"
                "# with HOST an address, a network (10.0.0.0/8, [2001:db8::/32]) or a host name\n"
                "# resolved at each start. Empty: anywhere. Everything else is dropped.\n"
                "# Example: allow = {\"example.com:443\", \"udp:192.0.2.53:53\"}\n");
        append_list(f, "allow", c->allow);

        /* every fprintf() and fputc() above failed into F's error flag, checked once here */
        failed = ferror(f);
        if (fclose(f) != 0 || failed)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        return 0;
}

int app_config_save(const AppConfig *c, const char *name, const char *path) {
        _cleanup_free_ char *text = NULL;
        int r;

        r = app_config_format(c, name, &text);
        if (r < 0)
                return r;
        return write_file_atomic_at(AT_FDCWD, path, text, strlen(text), 0644, (uid_t) -1, (gid_t) -1);
}
