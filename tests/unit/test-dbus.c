/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbus = false | filtered | full (the old booleans keep their meaning), dbus-talk and dbus-own
 * names, the proxy's command line and the private session bus's. */
#include <stdlib.h>

#include "app-config.h"
#include "dbus-proxy.h"
#include "macro.h"
#include "path-util.h"
#include "session-bus.h"
#include "strv-join.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test-dbus.XXXXXX";

#define BASE "directory = /m/x\nuser = alice\nuid = 1000\ngid = 1000\nrun = app\n"

static int load(const char *text, AppConfig *ret, char **ret_error) {
        _cleanup_free_ char *p = path_join(tmpdir, "d.conf");
        FILE *f = fopen(p, "we");

        fputs(text, f);
        fclose(f);
        return app_config_load(p, ret, ret_error);
}

static void test_modes(void) {
        const struct {
                const char *value;
                DbusMode want;
        } cases[] = {
                {"false", DBUS_OFF},
                {"no", DBUS_OFF},
                {"off", DBUS_OFF},
                {"False", DBUS_OFF},
                {"true", DBUS_FULL},
                {"yes", DBUS_FULL},
                {"on", DBUS_FULL},
                {"TRUE", DBUS_FULL},
                {"full", DBUS_FULL},
                {"filtered", DBUS_FILTERED},
                {"\"filtered\"", DBUS_FILTERED},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *text = NULL, *err = NULL;
                AppConfig c;

                if (asprintf(&text, BASE "dbus = %s\n", cases[i].value) < 0)
                        abort();
                if (load(text, &c, &err) < 0) {
                        ok(false, "dbus = %s loads: %s", cases[i].value, strna(err));
                        continue;
                }
                is_int(c.dbus, cases[i].want, "dbus = %s means %s", cases[i].value,
                        dbus_mode_to_string(cases[i].want));
                app_config_done(&c);
        }
        {
                _cleanup_free_ char *err = NULL;
                AppConfig c;
                int r = load(BASE "dbus = maybe\n", &c, &err);
                ok(r == -EINVAL && err && strstr(err, "d.conf:6: dbus must be one of false, filtered, full"),
                        "dbus = maybe: file:line: error (%s)", strna(err));
                if (r == 0)
                        app_config_done(&c);
        }
        {
                _cleanup_free_ char *err = NULL, *talk = NULL;
                AppConfig c;
                int r = load(BASE, &c, &err);
                ok(r == 0 && c.dbus == DBUS_OFF, "no dbus key: off (the private bus only)");
                talk = r == 0 ? strv_join(c.dbus_talk, ",") : NULL;
                is_str(talk,
                        "org.freedesktop.Notifications,org.kde.StatusNotifierWatcher,org.freedesktop."
                        "ScreenSaver,"
                        "org.freedesktop.portal.*",
                        "no dbus-talk key: the defaults (DBUS_TALK_DEFAULT agrees with "
                        "dbus_talk_default[])");
                ok(r == 0 && strv_length(c.dbus_own) == 0, "no dbus-own key: none");
                if (r == 0)
                        app_config_done(&c);
        }
}

static void test_names(void) {
        const char *good[] = {"org.freedesktop.Notifications", "org.kde.StatusNotifierItem-2-1", "a.b",
                "org.freedesktop.portal.*", "org.*", "_x.y_-z"};
        const char *bad[] = {"", "org", ":1.5", ".org.x", "org..x", "org.x.", "org.1x", "org.x$y", "org.x%i",
                "org.x y", "org.x:y", "org.x\\y", "*", ".*", "org.*.x", "org.x*", "org.\xc3\xa9t\xc3\xa9",
                "org.x\n"};

        for (size_t i = 0; i < ELEMENTSOF(good); i++)
                ok(bus_name_is_valid(good[i]), "bus name '%s' is valid", good[i]);
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                ok(!bus_name_is_valid(bad[i]), "bus name '%s' is refused", bad[i]);
        {
                char longname[BUS_NAME_MAX + 2];
                memset(longname, 'a', sizeof longname);
                longname[1] = '.';
                longname[BUS_NAME_MAX + 1] = 0;
                ok(!bus_name_is_valid(longname), "a name of %d characters is refused", BUS_NAME_MAX + 1);
                longname[BUS_NAME_MAX] = 0;
                ok(bus_name_is_valid(longname), "one of %d is valid", BUS_NAME_MAX);
        }
        for (size_t i = 0; i < 3; i++) {
                _cleanup_free_ char *text = NULL, *err = NULL;
                const char *key = i == 2 ? "dbus-own" : "dbus-talk",
                           *value = (const char *[]){"\"org.x$HOME\"", "\":1.1\"", "\"org\""}[i];
                AppConfig c;
                int r;

                if (asprintf(&text, BASE "dbus = filtered\n%s = {a.b, %s}\n", key, value) < 0)
                        abort();
                r = load(text, &c, &err);
                ok(r == -EINVAL && err && strstr(err, "d.conf:7: ") && strstr(err, "is not a D-Bus name"),
                        "%s = {a.b, %s}: file:line: error (%s)", key, value, strna(err));
                if (r == 0)
                        app_config_done(&c);
        }
}

static void test_format(void) {
        _cleanup_free_ char *err = NULL, *text = NULL;
        AppConfig c;
        int r = load(
                BASE "dbus = true\ndbus-talk = {org.example.A}\ndbus-own = {org.example.B}\n", &c, &err);

        ok(r == 0, "old dbus = true with names loads");
        if (r < 0)
                return;
        ok(app_config_format(&c, "x", &text) == 0, "format");
        ok(strstr(text, "\ndbus = full\n") != NULL,
                "the old dbus = true is written back as full, its meaning");
        ok(strstr(text, "\ndbus-talk = {\"org.example.A\"}\n") &&
                        strstr(text, "\ndbus-own = {\"org.example.B\"}\n"),
                "dbus-talk and dbus-own are written back");
        app_config_done(&c);
}

static void test_proxy_argv(void) {
        char *talk[] = {(char *) "org.freedesktop.Notifications", (char *) "org.freedesktop.portal.*", NULL};
        char *own[] = {(char *) "org.example.App", NULL};
        char *bad[] = {(char *) "org.x$HOME", NULL};
        _cleanup_strv_free_ char **argv = NULL, **l = NULL;
        _cleanup_free_ char *s = NULL;

        ok(dbus_proxy_argv("/run/user/1000/bus", "/run/app-container/1000/state/a/dbus-proxy/bus", true,
                   talk, own, &argv) == 0,
                "proxy argv");
        s = strv_join(argv, " ");
        is_str(s,
                "/usr/bin/xdg-dbus-proxy unix:path=/run/user/1000/bus "
                "/run/app-container/1000/state/a/dbus-proxy/bus "
                "--filter --talk=org.freedesktop.Notifications --talk=org.freedesktop.portal.* "
                "--own=org.example.App --fd=1",
                "proxy argv: the host bus, the socket, --filter, the names, the readiness fd");
        ok(dbus_proxy_argv("/run/user/1000/bus", "/s/bus", true, bad, NULL, &l) == -EINVAL,
                "a name systemd would expand is refused");
        ok(dbus_proxy_argv("/run/user/1000/b%Hus", "/s/bus", true, talk, NULL, &l) == -EINVAL,
                "a host bus path with %% is refused");
        ok(dbus_proxy_argv("/run/user/1000/bus:x", "/s/bus", true, talk, NULL, &l) == -EINVAL,
                "a host bus path with : is refused");
        ok(dbus_proxy_argv("bus", "/s/bus", true, talk, NULL, &l) == -EINVAL,
                "a relative host bus path is refused");
}

static void test_session_bus(void) {
        _cleanup_strv_free_ char **argv = NULL, **off = NULL, **filtered = NULL, **full = NULL;
        _cleanup_free_ char *a = NULL, *e0 = NULL, *e1 = NULL, *e2 = NULL;

        ok(session_bus_argv(70000, &argv) == 0, "session bus argv");
        a = strv_join(argv, " ");
        is_str(a,
                "/usr/bin/dbus-daemon --session --fork --nopidfile --address=unix:path=/run/user/70000/bus",
                "dbus-daemon --session in the user's runtime dir; --fork: it listens before its first "
                "process exits");
        ok(session_bus_env(1000, DBUS_OFF, &off) == 0 &&
                        session_bus_env(1000, DBUS_FILTERED, &filtered) == 0 &&
                        session_bus_env(1000, DBUS_FULL, &full) == 0,
                "session bus env");
        e0 = strv_join(off, " ");
        e1 = strv_join(filtered, " ");
        e2 = strv_join(full, " ");
        is_str(e0, "XDG_RUNTIME_DIR=/run/user/1000 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
                "dbus = false: the private bus is the session bus");
        is_str(e1, "XDG_RUNTIME_DIR=/run/user/1000 GSETTINGS_BACKEND=keyfile",
                "dbus = filtered: the proxy is the session bus (bind-sound.c), settings in a key file");
        is_str(e2, "XDG_RUNTIME_DIR=/run/user/1000", "dbus = full: the host's bus, as before");
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 2;
        test_modes();
        test_names();
        test_format();
        test_proxy_argv();
        test_session_bus();
        (void) !system("rm -rf /tmp/test-dbus.*");
        return tap_done();
}
