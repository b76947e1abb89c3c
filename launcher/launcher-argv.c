/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>

#include "env-check.h"
#include "launcher-argv.h"
#include "macro.h"
#include "path-util.h"

const char *const passed_env[] = {
        "DISPLAY",
        "XAUTHORITY",
        "TERM",
        "PULSE_SERVER",
        "XDG_RUNTIME_DIR",
        "DBUS_SESSION_BUS_ADDRESS",
        "WAYLAND_DISPLAY",
        NULL,
};

typedef enum Option {
        OPT_SHOW,
        OPT_DRY_RUN,
        OPT_START,
        OPT_STOP,
        OPT_CMD,
        OPT_NETWORK,
        OPT_APTUPDATE,
        OPT_APTUPDATEALL,
        OPT_STATUS,
        OPT_HELP,
        OPT_VERSION,
        OPT_END,
        OPT_INTERNAL_NAME,
        OPT_INTERNAL_CONF,
        OPT_INTERNAL_ENV,
        OPT_INTERNAL_RELEASE,
        OPT_ROLLBACK,
        OPT_DESKTOP,
        _OPT_MAX,
} Option;

static const struct {
        const char *name;
        Option option;
        bool has_arg;
} options[] = {
        {"++show", OPT_SHOW, false},
        {"++dry-run", OPT_DRY_RUN, false},
        {"++start", OPT_START, false},
        {"++stop", OPT_STOP, false},
        {"++cmd", OPT_CMD, false},
        {"++network", OPT_NETWORK, true},
        {"++aptupdate", OPT_APTUPDATE, false},
        {"++aptupdateall", OPT_APTUPDATEALL, false},
        {"++status", OPT_STATUS, false},
        {"++rollback", OPT_ROLLBACK, false},
        {"++desktop", OPT_DESKTOP, false},
        {"++help", OPT_HELP, false},
        {"++version", OPT_VERSION, false},
        {"++", OPT_END, false},
        {"++internal-name", OPT_INTERNAL_NAME, true},
        {"++internal-conf", OPT_INTERNAL_CONF, true},
        {"++internal-env", OPT_INTERNAL_ENV, true},
        {"++internal-release", OPT_INTERNAL_RELEASE, false},
};

static const char *const actions[_ACTION_MAX] = {
        [ACTION_RUN] = "run",
        [ACTION_CMD] = "cmd",
        [ACTION_START] = "start",
        [ACTION_STOP] = "stop",
        [ACTION_APTUPDATE] = "aptupdate",
        [ACTION_APTUPDATEALL] = "aptupdateall",
        [ACTION_STATUS] = "status",
        [ACTION_HELP] = "help",
        [ACTION_VERSION] = "version",
        [ACTION_ROLLBACK] = "rollback",
        [ACTION_DESKTOP] = "desktop",
        [ACTION_RELEASE] = "internal-release",
};

const char *action_to_string(Action a) {
        return a >= 0 && a < _ACTION_MAX ? actions[a] : NULL;
}

void launcher_args_init(LauncherArgs *a) {
        *a = (LauncherArgs){
                .action = ACTION_RUN,
                .network = _NETWORK_INVALID,
        };
}

void launcher_args_done(LauncherArgs *a) {
        strv_free(a->command);
        strv_free(a->app_args);
        free(a->name);
        free(a->conf);
        strv_free(a->env);
        launcher_args_init(a);
}

static int set_action(LauncherArgs *a, Action action, const char **ret_why) {
        if (a->action != ACTION_RUN && a->action != action) {
                *ret_why = "only one of ++start, ++stop, ++cmd, ++aptupdate, ++aptupdateall, ++rollback, "
                           "++desktop, ++status, ++help, ++version may be given";
                return -EINVAL;
        }
        a->action = action;
        return 0;
}

static bool env_assignment_is_passed(const char *s) {
        const char *eq = strchr(s, '=');

        if (!eq)
                return false;
        for (size_t i = 0; passed_env[i]; i++)
                if (strlen(passed_env[i]) == (size_t) (eq - s) &&
                        strneq(s, passed_env[i], (size_t) (eq - s)))
                        return true;
        /* the locale and scale factors: only values of their grammar */
        for (size_t i = 0; look_env[i]; i++)
                if (strlen(look_env[i]) == (size_t) (eq - s) && strneq(s, look_env[i], (size_t) (eq - s)))
                        return look_env_is_valid(look_env[i], eq + 1);
        return false;
}

int per_launch_env(char *const *caller_env, const char *(*get)(char *const *, const char *), char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const char *v = get(caller_env, "TERM");

        if (v && strv_extendf(&l, "TERM=%s", v) < 0)
                return -ENOMEM;
        for (size_t i = 0; look_env[i]; i++) {
                v = get(caller_env, look_env[i]);
                if (v && look_env_is_valid(look_env[i], v) && strv_extendf(&l, "%s=%s", look_env[i], v) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static char **copy_rest(int argc, char *const *argv, int i) {
        char **l = calloc((size_t) (argc - i) + 1, sizeof(char *));

        if (!l)
                return NULL;
        for (int k = 0; i + k < argc; k++)
                if (!(l[k] = strdup(argv[i + k]))) {
                        strv_free(l);
                        return NULL;
                }
        return l;
}

int launcher_args_parse(int argc, char *const *argv, LauncherArgs *ret, const char **ret_why) {
        LauncherArgs a;
        const char *why = NULL;
        int i, r = 0;

        launcher_args_init(&a);
        for (i = 1; i < argc && r == 0; i++) {
                const char *arg = argv[i], *value = NULL;
                size_t j;

                if (!strneq(arg, "++", 2))
                        break;
                for (j = 0; j < ELEMENTSOF(options); j++) {
                        size_t l = strlen(options[j].name);
                        if (streq(arg, options[j].name))
                                break;
                        if (options[j].has_arg && strneq(arg, options[j].name, l) && arg[l] == '=') {
                                value = arg + l + 1;
                                break;
                        }
                }
                if (j >= ELEMENTSOF(options)) {
                        why = "unknown ++ option; see ++help (use '++' before app arguments that start "
                              "with '++')";
                        r = -EINVAL;
                        break;
                }
                if (options[j].has_arg && !value) {
                        if (i + 1 >= argc) {
                                why = "option needs a value";
                                r = -EINVAL;
                                break;
                        }
                        value = argv[++i];
                }

                switch (options[j].option) {
                case OPT_SHOW:
                        a.show = true;
                        break;
                case OPT_DRY_RUN:
                        a.dry_run = true;
                        break;
                case OPT_START:
                        r = set_action(&a, ACTION_START, &why);
                        break;
                case OPT_STOP:
                        r = set_action(&a, ACTION_STOP, &why);
                        break;
                case OPT_APTUPDATE:
                        r = set_action(&a, ACTION_APTUPDATE, &why);
                        break;
                case OPT_APTUPDATEALL:
                        r = set_action(&a, ACTION_APTUPDATEALL, &why);
                        break;
                case OPT_STATUS:
                        r = set_action(&a, ACTION_STATUS, &why);
                        break;
                case OPT_HELP:
                        r = set_action(&a, ACTION_HELP, &why);
                        break;
                case OPT_VERSION:
                        r = set_action(&a, ACTION_VERSION, &why);
                        break;
                case OPT_NETWORK:
                        a.network = network_mode_from_string(value);
                        if (a.network < 0) {
                                why = "++network must be one of off, on, nat, separate";
                                r = -EINVAL;
                        }
                        break;
                case OPT_CMD:
                        r = set_action(&a, ACTION_CMD, &why);
                        if (r < 0)
                                break;
                        if (i + 1 >= argc) {
                                why = "++cmd needs a command";
                                r = -EINVAL;
                                break;
                        }
                        a.command = copy_rest(argc, argv, i + 1);
                        if (!a.command)
                                r = -ENOMEM;
                        i = argc; /* the command takes everything after it */
                        break;
                case OPT_END:
                        i++;
                        goto done;
                case OPT_INTERNAL_NAME:
                        free(a.name);
                        if (!(a.name = strdup(value)))
                                r = -ENOMEM;
                        break;
                case OPT_INTERNAL_CONF:
                        free(a.conf);
                        if (!(a.conf = strdup(value)))
                                r = -ENOMEM;
                        break;
                case OPT_DESKTOP:
                        r = set_action(&a, ACTION_DESKTOP, &why);
                        break;
                case OPT_ROLLBACK:
                        r = set_action(&a, ACTION_ROLLBACK, &why);
                        break;
                case OPT_INTERNAL_RELEASE:
                        r = set_action(&a, ACTION_RELEASE, &why);
                        break;
                case OPT_INTERNAL_ENV:
                        /* only the variables we pass on: the privileged half must not be steered by
                         * arbitrary environment (LD_*, PATH, ...) */
                        if (!env_assignment_is_passed(value)) {
                                why = "++internal-env takes one of the passed variables as KEY=VALUE";
                                r = -EINVAL;
                        } else
                                r = strv_extend(&a.env, value);
                        break;
                case _OPT_MAX:
                        break;
                }
        }
done:
        if (r == 0 && i < argc && a.action != ACTION_CMD) {
                if (a.action != ACTION_RUN) {
                        why = "the app's arguments are only accepted when running the app";
                        r = -EINVAL;
                } else if (!(a.app_args = copy_rest(argc, argv, i)))
                        r = -ENOMEM;
        }
        if (r < 0) {
                launcher_args_done(&a);
                if (ret_why)
                        *ret_why = why ?: "out of memory";
                return r;
        }
        *ret = a;
        return 0;
}

int launcher_args_to_internal_argv(
        const LauncherArgs *a, const char *name, const char *conf, char *const *env, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        r = strv_extendf(&l, "++internal-name=%s", name);
        if (r >= 0)
                r = strv_extendf(&l, "++internal-conf=%s", conf);
        for (size_t i = 0; r >= 0 && env && env[i]; i++)
                r = strv_extendf(&l, "++internal-env=%s", env[i]);
        if (r >= 0 && a->show)
                r = strv_extend(&l, "++show");
        if (r >= 0 && a->dry_run)
                r = strv_extend(&l, "++dry-run");
        if (r >= 0 && a->network >= 0)
                r = strv_extendf(&l, "++network=%s", network_mode_to_string(a->network));
        switch (a->action) {
        case ACTION_RUN:
                if (r >= 0)
                        r = strv_extend(&l, "++");
                for (size_t i = 0; r >= 0 && a->app_args && a->app_args[i]; i++)
                        r = strv_extend(&l, a->app_args[i]);
                break;
        case ACTION_CMD:
                if (r >= 0)
                        r = strv_extend(&l, "++cmd");
                for (size_t i = 0; r >= 0 && a->command && a->command[i]; i++)
                        r = strv_extend(&l, a->command[i]);
                break;
        default:
                if (r >= 0)
                        r = strv_extendf(&l, "++%s", action_to_string(a->action));
                break;
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int launcher_args_app_argv(const LauncherArgs *a, const char *run, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (a->action == ACTION_CMD) {
                l = strv_copy(a->command);
                if (!l)
                        return -ENOMEM;
        } else {
                r = split_command_line(run, &l);
                if (r < 0)
                        return r;
                for (size_t i = 0; a->app_args && a->app_args[i]; i++)
                        if (strv_extend(&l, a->app_args[i]) < 0)
                                return -ENOMEM;
        }
        if (strv_length(l) == 0)
                return -ENOENT;
        *ret = TAKE_PTR(l);
        return 0;
}

void appctl_help(FILE *f, const char *program) {
        fprintf(f,
                "Usage: %1$s [++OPTION...] [ARGUMENT...]\n"
                "\n"
                "Runs an app in its own systemd-nspawn container, as you, with only what its\n"
                "NAME.conf grants. The launcher's file name is the app's NAME; its configuration\n"
                "is NAME.conf beside it. The container starts on demand and stops when the last\n"
                "instance exits. ARGUMENTs are passed to the app unchanged.\n"
                "\n"
                "Options, only first on the command line, before the app's arguments:\n"
                "  ++show           Print each privileged step, D-Bus call and timing, and run\n"
                "  ++dry-run        Print what would be done, change nothing\n"
                "  ++start          Start the container and return\n"
                "  ++stop           Stop the container, ending every instance\n"
                "  ++cmd CMD...     Run CMD in the container instead of the configured command\n"
                "  ++network MODE   Network for this start: off, on, nat, separate\n"
                "  ++aptupdate      Snapshot the root file system, upgrade the container's packages\n"
                "                   (network on), then stop it unless it is in use\n"
                "  ++aptupdateall   ++aptupdate every app container whose launcher is beside this one\n"
                "  ++rollback       Put the snapshot of the last ++aptupdate back (container stopped)\n"
                "  ++desktop        Write a desktop entry for this launcher, with the name and icon\n"
                "                   of the app's own\n"
                "  ++status         Show whether it runs, its leader, instances, unit, grants and\n"
                "                   whether its recipe matches the root file system\n"
                "  ++               End of options: pass the rest to the app\n"
                "  ++help           Show this help\n"
                "  ++version        Show the version\n"
                "\n"
                "Example: chrome-container ++network nat --incognito example.com\n"
                "See appctl(1).\n",
                program);
}
