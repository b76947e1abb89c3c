/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "launcher-argv.h"
#include "macro.h"
#include "path-util.h"
#include "strv-join.h"
#include "tap.h"

static const char *env_lookup(char *const *env, const char *key) {
        size_t n = strlen(key);

        for (size_t i = 0; env && env[i]; i++)
                if (strneq(env[i], key, n) && env[i][n] == '=')
                        return env[i] + n + 1;
        return NULL;
}

static int parse(const char *const *v, LauncherArgs *a, const char **why) {
        return launcher_args_parse((int) strv_length((char *const *) v), (char *const *) v, a, why);
}

static void test_app_args(void) {
        const char *v[] = {"chrome-container", "--incognito", "x", "++show", NULL};
        LauncherArgs a;

        ok(parse(v, &a, NULL) == 0, "plain arguments parse");
        is_int(a.action, ACTION_RUN, "default action is run");
        is_int(strv_length(a.app_args), 3, "all arguments go to the app");
        is_str(a.app_args[2], "++show", "++ options after the first argument are the app's");
        launcher_args_done(&a);
}

static void test_options(void) {
        const char *v[] = {"t1", "++show", "++network", "nat", "++cmd", "sh", "-c", "exit 7", NULL};
        const char *v2[] = {"t1", "++dry-run", "++network=separate", "++", "++help", NULL};
        LauncherArgs a;

        ok(parse(v, &a, NULL) == 0, "options parse");
        ok(a.show && !a.dry_run, "++show");
        is_int(a.network, NETWORK_NAT, "++network MODE");
        is_int(a.action, ACTION_CMD, "++cmd");
        is_int(strv_length(a.command), 3, "++cmd takes the rest");
        is_str(a.command[2], "exit 7", "argument with a space kept whole");
        launcher_args_done(&a);

        ok(parse(v2, &a, NULL) == 0, "++ ends the options");
        ok(a.dry_run, "++dry-run");
        is_int(a.network, NETWORK_SEPARATE, "++network=MODE");
        is_str(a.app_args ? a.app_args[0] : NULL, "++help", "after ++ even ++help is the app's");
        launcher_args_done(&a);
}

static void test_errors(void) {
        const char *bad[][5] = {
                {"t1", "++frobnicate", NULL},
                {"t1", "++network", "wifi", NULL},
                {"t1", "++network", NULL},
                {"t1", "++stop", "++start", NULL},
                {"t1", "++status", "extra", NULL},
                {"t1", "++cmd", NULL},
                {"t1", "++internal-env=LD_PRELOAD=/x.so", NULL},
                {"t1", "++internal-env=LANG=../../tmp/x", NULL},
                {"t1", "++internal-env=LC_ALL=en_US.UTF-8\nX=1", NULL},
                {"t1", "++internal-env=GDK_SCALE=2;rm", NULL},
                {"t1", "++internal-env=LC_EVIL=C", NULL},
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                const char *why = NULL;
                LauncherArgs a;
                int r = parse(bad[i], &a, &why);
                ok(r == -EINVAL && why, "refused: %s %s (%s)", bad[i][1], strempty(bad[i][2]), strna(why));
        }
}

static void test_look_env(void) {
        const char *v[] = {"t1", "++internal-env=LANG=de_DE.UTF-8", "++internal-env=LC_TIME=C.UTF-8",
                "++internal-env=GDK_SCALE=2", "++internal-env=QT_SCALE_FACTOR=1.5", NULL};
        char *env[] = {"TERM=xterm", "LANG=de_DE.UTF-8", "LC_PAPER=/etc/x", "GDK_DPI_SCALE=0.5", NULL};
        _cleanup_strv_free_ char **launch = NULL;
        _cleanup_free_ char *j = NULL;
        LauncherArgs a;

        ok(parse(v, &a, NULL) == 0 && strv_length(a.env) == 4,
                "LANG, LC_TIME, GDK_SCALE, QT_SCALE_FACTOR taken");
        launcher_args_done(&a);
        ok(per_launch_env(env, env_lookup, &launch) == 0, "per-launch environment");
        j = strv_join(launch, " ");
        is_str(j, "TERM=xterm LANG=de_DE.UTF-8 GDK_DPI_SCALE=0.5",
                "TERM and the valid locale and scale values");
}

static void test_internal_roundtrip(void) {
        const char *v[] = {"t1", "++show", "++cmd", "printf", "%s\n", "a b", "'q'", NULL};
        char *env[] = {"DISPLAY=:0", "TERM=xterm", NULL};
        _cleanup_strv_free_ char **tail = NULL, **full = NULL;
        LauncherArgs a, b;

        ok(parse(v, &a, NULL) == 0, "parse for re-exec");
        ok(launcher_args_to_internal_argv(&a, "t1", "/home/u/.local/bin/t1.conf", env, &tail) == 0,
                "internal argv");
        strv_extend(&full, "appctl");
        for (size_t i = 0; tail[i]; i++)
                strv_extend(&full, tail[i]);
        ok(launcher_args_parse((int) strv_length(full), full, &b, NULL) == 0,
                "the privileged half parses it");
        is_str(b.name, "t1", "name passed");
        is_str(b.conf, "/home/u/.local/bin/t1.conf", "conf passed");
        is_int(strv_length(b.env), 2, "environment passed");
        ok(b.show, "++show passed");
        is_int(b.action, ACTION_CMD, "action passed");
        is_int(strv_length(b.command), 4, "command passed");
        is_str(b.command[3], "'q'", "quotes pass through unchanged");
        launcher_args_done(&a);
        launcher_args_done(&b);

        const char *v2[] = {"t1", "++", "++x", "y", NULL};
        _cleanup_strv_free_ char **tail2 = NULL, **full2 = NULL;
        ok(parse(v2, &a, NULL) == 0 && launcher_args_to_internal_argv(&a, "t1", "/c", NULL, &tail2) == 0,
                "app args");
        strv_extend(&full2, "appctl");
        for (size_t i = 0; tail2[i]; i++)
                strv_extend(&full2, tail2[i]);
        ok(launcher_args_parse((int) strv_length(full2), full2, &b, NULL) == 0 && b.app_args &&
                        streq(b.app_args[0], "++x"),
                "app arguments that look like options survive the re-exec");
        launcher_args_done(&a);
        launcher_args_done(&b);
}

static void test_help_golden(void) {
        _cleanup_free_ char *buf = NULL, *want = NULL;
        size_t size = 0, wsize = 0;
        FILE *f = open_memstream(&buf, &size);
        FILE *g = fopen(GOLDEN_DIR "/appctl-help.txt", "re");

        appctl_help(f, "appctl");
        fclose(f);
        ok(g != NULL, "golden file exists");
        if (!g)
                return;
        want = malloc(65536);
        wsize = fread(want, 1, 65535, g);
        want[wsize] = 0;
        fclose(g);
        is_str(buf, want, "++help matches tests/unit/golden/appctl-help.txt");
}

int main(void) {
        test_app_args();
        test_options();
        test_errors();
        test_look_env();
        test_internal_roundtrip();
        test_help_golden();
        return tap_done();
}
