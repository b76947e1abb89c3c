/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>

#include "config.h"
#include "parse-util.h"

#include "allow-spec.h"
#include "bind.h"
#include "creator-argv.h"
#include "env-check.h"
#include "macro.h"
#include "path-util.h"
#include "resource-limits.h"

#define USAGE                                                                                               \
        "usage: make-app-container create [OPTIONS] DISTRO DIR [DEB...] | list | remove [--purge] NAME | "  \
        "edit NAME | show-recipe NAME | rebuild NAME | gc | store"

typedef enum Option {
        OPT_NAME = 0x100, /* above every char, so getopt's short options never collide */
        OPT_SCRIPT_DIR,
        OPT_USER,
        OPT_UID,
        OPT_GID,
        OPT_MIRROR,
        OPT_UBUNTU_MIRROR,
        OPT_VARIANT,
        OPT_ARCH,
        OPT_PACKAGES,
        OPT_GUI,
        OPT_GUI_PRIVATE,
        OPT_WINDOW_MANAGER,
        OPT_3D,
        OPT_SOUND,
        OPT_WEBCAM,
        OPT_DBUS,
        OPT_DBUS_TALK,
        OPT_DBUS_OWN,
        OPT_BIND,
        OPT_NETWORK,
        OPT_RUN,
        OPT_EPHEMERAL,
        OPT_PRIVILEGE,
        OPT_CACHE_DIR,
        OPT_NO_CACHE,
        OPT_APPCTL,
        OPT_KEEP_FAILED,
        OPT_DRY_RUN,
        OPT_VERSION,
        OPT_PURGE,
        OPT_DESKTOP,
        OPT_NESTED,
        OPT_USERNS,
        OPT_WAYLAND,
        OPT_PIPEWIRE,
        OPT_CUPS,
        OPT_HOST_LOOK,
        OPT_NO_HOST_LOOK,
        OPT_MEMORY_MAX,
        OPT_CPU_WEIGHT,
        OPT_CPU_QUOTA,
        OPT_TASKS_MAX,
        OPT_IO_WEIGHT,
        OPT_NVIDIA,
        OPT_LOCALE,
        OPT_ALLOW,
        OPT_MAX_AGE,
        OPT_SIZE,
} Option;

static const struct option options[] = {
        {"name", required_argument, NULL, OPT_NAME},
        {"script-dir", required_argument, NULL, OPT_SCRIPT_DIR},
        {"user", required_argument, NULL, OPT_USER},
        {"uid", required_argument, NULL, OPT_UID},
        {"gid", required_argument, NULL, OPT_GID},
        {"mirror", required_argument, NULL, OPT_MIRROR},
        {"ubuntu-mirror", required_argument, NULL, OPT_UBUNTU_MIRROR},
        {"variant", required_argument, NULL, OPT_VARIANT},
        {"arch", required_argument, NULL, OPT_ARCH},
        {"packages", required_argument, NULL, OPT_PACKAGES},
        {"gui", no_argument, NULL, OPT_GUI},
        {"gui-private", no_argument, NULL, OPT_GUI_PRIVATE},
        {"window-manager", required_argument, NULL, OPT_WINDOW_MANAGER},
        {"3d", no_argument, NULL, OPT_3D},
        {"mesa", no_argument, NULL, OPT_3D},
        {"sound", no_argument, NULL, OPT_SOUND},
        {"webcam", no_argument, NULL, OPT_WEBCAM},
        {"dbus", optional_argument, NULL, OPT_DBUS},
        {"bind", required_argument, NULL, OPT_BIND},
        {"network", required_argument, NULL, OPT_NETWORK},
        {"allow", required_argument, NULL, OPT_ALLOW},
        {"run", required_argument, NULL, OPT_RUN},
        {"ephemeral", no_argument, NULL, OPT_EPHEMERAL},
        {"userns", no_argument, NULL, OPT_USERNS},
        {"nested", no_argument, NULL, OPT_NESTED},
        {"wayland", no_argument, NULL, OPT_WAYLAND},
        {"pipewire", no_argument, NULL, OPT_PIPEWIRE},
        {"cups", no_argument, NULL, OPT_CUPS},
        {"privilege", required_argument, NULL, OPT_PRIVILEGE},
        {"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"appctl", required_argument, NULL, OPT_APPCTL},
        {"keep-failed", no_argument, NULL, OPT_KEEP_FAILED},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"purge", no_argument, NULL, OPT_PURGE},
        {"desktop", no_argument, NULL, OPT_DESKTOP},
        {"max-age", required_argument, NULL, OPT_MAX_AGE},
        {"size", required_argument, NULL, OPT_SIZE},
        {"yes", no_argument, NULL, 'y'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"dbus-talk", required_argument, NULL, OPT_DBUS_TALK},
        {"dbus-own", required_argument, NULL, OPT_DBUS_OWN},
        {"host-look", no_argument, NULL, OPT_HOST_LOOK},
        {"no-host-look", no_argument, NULL, OPT_NO_HOST_LOOK},
        {"memory-max", required_argument, NULL, OPT_MEMORY_MAX},
        {"cpu-weight", required_argument, NULL, OPT_CPU_WEIGHT},
        {"cpu-quota", required_argument, NULL, OPT_CPU_QUOTA},
        {"tasks-max", required_argument, NULL, OPT_TASKS_MAX},
        {"io-weight", required_argument, NULL, OPT_IO_WEIGHT},
        {"nvidia", no_argument, NULL, OPT_NVIDIA},
        {"locale", required_argument, NULL, OPT_LOCALE},
        {},
};

void creator_args_init(CreatorArgs *a) {
        *a = (CreatorArgs){
                .command = COMMAND_CREATE,
                .uid = (uid_t) -1,
                .gid = (gid_t) -1,
                .network = NETWORK_OFF,
                .privilege = PRIVILEGE_AUTO,
                .max_age_days = -1,
        };
}

void creator_args_done(CreatorArgs *a) {
        free(a->directory);
        free(a->store_size);
        strv_free(a->debs);
        free(a->name);
        free(a->script_dir);
        free(a->user);
        free(a->mirror);
        free(a->ubuntu_mirror);
        free(a->variant);
        free(a->arch);
        strv_free(a->packages);
        free(a->window_manager);
        strv_free(a->binds);
        strv_free(a->dbus_talk);
        strv_free(a->dbus_own);
        strv_free(a->allow);
        free(a->run);
        free(a->cache_dir);
        free(a->appctl);
        strv_free(a->locales);
#define FREE_LIMIT(field) free(a->field);
        FOREACH_LIMIT(FREE_LIMIT)
#undef FREE_LIMIT
        creator_args_init(a);
}

#define fail error_text
/* a century: far beyond any use, and no overflow when it becomes seconds */
#define MAX_AGE_DAYS_MAX 36500

static int set_string(char **field, const char *value) {
        char *s = strdup(value);

        if (!s)
                return -ENOMEM;
        free(*field);
        *field = s;
        return 0;
}

/* --memory-max and the other limits: the conf key of the same name and its grammar */
static int set_limit(CreatorArgs *a, int option, const char *arg, char **ret_error) {
        static const struct {
                int option;
                const char *key;
                size_t offset;
        } limits[] = {
                {OPT_MEMORY_MAX, "memory-max", offsetof(CreatorArgs, memory_max)},
                {OPT_CPU_WEIGHT, "cpu-weight", offsetof(CreatorArgs, cpu_weight)},
                {OPT_CPU_QUOTA, "cpu-quota", offsetof(CreatorArgs, cpu_quota)},
                {OPT_TASKS_MAX, "tasks-max", offsetof(CreatorArgs, tasks_max)},
                {OPT_IO_WEIGHT, "io-weight", offsetof(CreatorArgs, io_weight)},
        };
        const char *why = NULL;

        for (size_t i = 0; i < ELEMENTSOF(limits); i++) {
                if (limits[i].option != option)
                        continue;
                if (!*arg || limit_check(limits[i].key, arg, &why) < 0)
                        return fail(ret_error, "--%s must be %s, got '%s'", limits[i].key,
                                why ?: "not empty", arg);
                return set_string((char **) ((char *) a + limits[i].offset), arg);
        }
        return -EINVAL;
}

/* Debian policy: lower case letters, digits, '+', '-', '.'; at least two characters, starting alnum.
 * Also what keeps a package name from being read as a debootstrap or apt option. */
bool package_name_is_valid(const char *s) {
        if (strlen(s) < 2 || !(islower((unsigned char) s[0]) || isdigit((unsigned char) s[0])))
                return false;
        for (const char *c = s; *c; c++)
                if (!(islower((unsigned char) *c) || isdigit((unsigned char) *c) || strchr("+-.", *c)))
                        return false;
        return true;
}

bool mirror_url_is_valid(const char *s, bool allow_file) {
        /* no spaces, quotes or controls: the URL goes to debootstrap and into sources.list */
        const char *ok =
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&()*+,;=%";

        if (!strneq(s, "http://", 7) && !strneq(s, "https://", 8) &&
                !(allow_file && strneq(s, "file:///", 8)))
                return false;
        return s[strspn(s, ok)] == 0;
}

static int add_packages(CreatorArgs *a, const char *list, char **ret_error) {
        _cleanup_free_ char *copy = strdup(list);
        char *state = NULL;

        if (!copy)
                return -ENOMEM;
        for (char *p = strtok_r(copy, ",", &state); p; p = strtok_r(NULL, ",", &state)) {
                p += strspn(p, " \t");
                p[strcspn(p, " \t")] = 0;
                if (isempty(p))
                        continue;
                if (!package_name_is_valid(p))
                        return fail(ret_error, "'%s' is not a valid package name in --packages", p);
                if (!strv_contains(a->packages, p) && strv_extend(&a->packages, p) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* Absolute, without a trailing slash; relative paths are taken from the current directory. */
static int make_absolute(const char *p, char **ret) {
        _cleanup_free_ char *cwd = NULL, *s = NULL;
        size_t l;

        if (path_is_absolute(p))
                s = strdup(p);
        else {
                cwd = getcwd(NULL, 0);
                if (!cwd)
                        return negative_errno();
                s = path_join(cwd, p);
        }
        if (!s)
                return -ENOMEM;
        l = strlen(s);
        while (l > 1 && s[l - 1] == '/')
                s[--l] = 0;
        *ret = TAKE_PTR(s);
        return 0;
}

static bool directory_is_ok(const char *p) {
        return path_is_normalized(p) && !streq(p, "/");
}

static int parse_options(int argc, char *const *argv, CreatorArgs *a, char **ret_error) {
        int c, r;

        /* the tests call us more than once; 0 makes glibc start over */
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":vqhy", options, NULL)) >= 0) {
                const char *arg = optarg;
                unsigned id;

                switch (c) {
                case OPT_NAME:
                        r = set_string(&a->name, arg);
                        break;
                case OPT_SCRIPT_DIR:
                        r = make_absolute(arg, &a->script_dir);
                        if (r == 0 && !directory_is_ok(a->script_dir))
                                return fail(
                                        ret_error, "--script-dir must be a normalized path, got '%s'", arg);
                        break;
                case OPT_USER:
                        if (!user_name_is_valid(arg))
                                return fail(ret_error, "'%s' is not a valid user name", arg);
                        r = set_string(&a->user, arg);
                        break;
                case OPT_UID:
                case OPT_GID:
                        if (parse_id(arg, &id) < 0)
                                return fail(ret_error,
                                        "--%s must be a valid id (" ID_RANGE_TEXT "), got '%s'",
                                        c == OPT_UID ? "uid" : "gid", arg);
                        if (c == OPT_UID)
                                a->uid = (uid_t) id;
                        else
                                a->gid = (gid_t) id;
                        r = 0;
                        break;
                case OPT_MIRROR:
                case OPT_UBUNTU_MIRROR:
                        if (!mirror_url_is_valid(arg, true))
                                return fail(ret_error,
                                        "--%s must be an http://, https:// or file:/// URL, got '%s'",
                                        c == OPT_MIRROR ? "mirror" : "ubuntu-mirror", arg);
                        r = set_string(c == OPT_MIRROR ? &a->mirror : &a->ubuntu_mirror, arg);
                        break;
                case OPT_VARIANT:
                        if (!streq(arg, "minbase") && !streq(arg, "buildd"))
                                return fail(ret_error, "--variant must be minbase or buildd, got '%s'", arg);
                        r = set_string(&a->variant, arg);
                        break;
                case OPT_ARCH:
                        if (!package_name_is_valid(arg))
                                return fail(ret_error, "'%s' is not a valid Debian architecture", arg);
                        r = set_string(&a->arch, arg);
                        break;
                case OPT_PACKAGES:
                        r = add_packages(a, arg, ret_error);
                        break;
                case OPT_GUI:
                        a->gui = true;
                        r = 0;
                        break;
                case OPT_GUI_PRIVATE:
                        a->gui_private = true;
                        r = 0;
                        break;
                case OPT_WINDOW_MANAGER:
                        r = set_string(&a->window_manager, arg);
                        break;
                case OPT_3D:
                        a->gpu = true;
                        r = 0;
                        break;
                case OPT_SOUND:
                        a->sound = true;
                        r = 0;
                        break;
                case OPT_WEBCAM:
                        a->webcam = true;
                        r = 0;
                        break;
                case OPT_DBUS:
                        /* "--dbus filtered" as well as "--dbus=filtered"; --dbus alone stays full */
                        if (!arg && optind < argc &&
                                (streq(argv[optind], "filtered") || streq(argv[optind], "full")))
                                arg = argv[optind++];
                        a->dbus = arg ? dbus_mode_from_string(arg) : DBUS_FULL;
                        if (a->dbus < 0 || (arg && !streq(arg, "filtered") && !streq(arg, "full")))
                                return fail(ret_error, "--dbus must be filtered or full, got '%s'", arg);
                        r = 0;
                        break;
                case OPT_DBUS_TALK:
                case OPT_DBUS_OWN:
                        if (!bus_name_is_valid(arg))
                                return fail(ret_error,
                                        "--%s: '%s' is not a D-Bus name (like org.example.App, or "
                                        "org.example.* for every name below it)",
                                        c == OPT_DBUS_TALK ? "dbus-talk" : "dbus-own", arg);
                        /* the first --dbus-talk: the defaults, then the names given */
                        if (c == OPT_DBUS_TALK && !a->dbus_talk &&
                                !(a->dbus_talk = strv_copy((char *const *) dbus_talk_default)))
                                return -ENOMEM;
                        r = strv_extend(c == OPT_DBUS_TALK ? &a->dbus_talk : &a->dbus_own, arg);
                        /* names to filter mean the filter */
                        if (a->dbus == DBUS_OFF)
                                a->dbus = DBUS_FILTERED;
                        break;
                case OPT_BIND: {
                        const char *why = NULL;
                        if (bind_spec_check(arg, &why) < 0)
                                return fail(ret_error, "--bind '%s': %s", arg, strna(why));
                        r = strv_extend(&a->binds, arg);
                        break;
                }
                case OPT_ALLOW: {
                        const char *why = NULL;
                        if (allow_spec_check(arg, &why) < 0)
                                return fail(ret_error, "--allow '%s': %s", arg, strna(why));
                        if (strv_length(a->allow) >= ALLOW_SPEC_MAX)
                                return fail(ret_error, "--allow: more than %d entries", ALLOW_SPEC_MAX);
                        r = strv_extend(&a->allow, arg);
                        break;
                }
                case OPT_NETWORK:
                        a->network = network_mode_from_string(arg);
                        if (a->network < 0)
                                return fail(ret_error,
                                        "--network must be one of off, on, nat, separate, got '%s'", arg);
                        r = 0;
                        break;
                case OPT_RUN:
                        r = set_string(&a->run, arg);
                        break;
                case OPT_EPHEMERAL:
                        a->ephemeral = true;
                        r = 0;
                        break;
                case OPT_PRIVILEGE:
                        a->privilege = privilege_from_string(arg);
                        if (a->privilege < 0)
                                return fail(ret_error,
                                        "--privilege must be one of auto, sudo, pkexec, got '%s'", arg);
                        r = 0;
                        break;
                case OPT_CACHE_DIR:
                        r = make_absolute(arg, &a->cache_dir);
                        break;
                case OPT_NO_CACHE:
                        a->no_cache = true;
                        r = 0;
                        break;
                case OPT_APPCTL:
                        r = make_absolute(arg, &a->appctl);
                        break;
                case OPT_KEEP_FAILED:
                        a->keep_failed = true;
                        r = 0;
                        break;
                case OPT_DRY_RUN:
                        a->dry_run = true;
                        r = 0;
                        break;
                case OPT_USERNS:
                        a->userns = true;
                        r = 0;
                        break;
                case OPT_NESTED:
                        a->nested = true;
                        r = 0;
                        break;
                case OPT_WAYLAND:
                        a->wayland = true;
                        r = 0;
                        break;
                case OPT_PIPEWIRE:
                        a->pipewire = true;
                        r = 0;
                        break;
                case OPT_CUPS:
                        a->cups = true;
                        r = 0;
                        break;
                case OPT_DESKTOP:
                        a->desktop = true;
                        r = 0;
                        break;
                case OPT_PURGE:
                        a->purge = true;
                        r = 0;
                        break;
                case OPT_HOST_LOOK:
                case OPT_NO_HOST_LOOK:
                        a->host_look = c == OPT_HOST_LOOK;
                        a->host_look_set = true;
                        r = 0;
                        break;
                case OPT_NVIDIA:
                        a->nvidia = true;
                        r = 0;
                        break;
                case OPT_LOCALE: {
                        _cleanup_free_ char *input = NULL;

                        if (locale_utf8_input(arg, &input) < 0)
                                return fail(ret_error,
                                        "--locale must be a UTF-8 locale such as de_DE.UTF-8, got '%s'",
                                        arg);
                        r = strv_contains(a->locales, arg) ? 0 : strv_extend(&a->locales, arg);
                        break;
                }
                case OPT_MEMORY_MAX:
                case OPT_CPU_WEIGHT:
                case OPT_CPU_QUOTA:
                case OPT_TASKS_MAX:
                case OPT_IO_WEIGHT:
                        r = set_limit(a, c, arg, ret_error);
                        break;
                case OPT_MAX_AGE:
                        if (parse_id(arg, &id) < 0 || id > MAX_AGE_DAYS_MAX)
                                return fail(ret_error, "--max-age must be a number of days (0-%d), got '%s'",
                                        MAX_AGE_DAYS_MAX, arg);
                        a->max_age_days = (int) id;
                        r = 0;
                        break;
                case OPT_SIZE: {
                        LimitValue v;
                        if (limit_parse_size(arg, &v) < 0)
                                return fail(ret_error, "--size must be %s, got '%s'",
                                        "a size (64G, 500000M) or a percentage of the free space (50%)",
                                        arg);
                        r = set_string(&a->store_size, arg);
                        break;
                }
                case 'y':
                        a->yes = true;
                        r = 0;
                        break;
                case 'v':
                        a->verbosity = 1;
                        r = 0;
                        break;
                case 'q':
                        a->verbosity = -1;
                        r = 0;
                        break;
                case 'h':
                        a->command = COMMAND_HELP;
                        r = 0;
                        break;
                case OPT_VERSION:
                        a->command = COMMAND_VERSION;
                        r = 0;
                        break;
                case ':':
                        return fail(ret_error, "option '%s' needs a value", argv[optind - 1]);
                case '?':
                default:
                        if (optopt > 0 && optopt < 0x100)
                                return fail(ret_error, "unknown option '-%c'; see --help", optopt);
                        return fail(ret_error, "unknown option '%s'; see --help", argv[optind - 1]);
                }
                if (r < 0)
                        return r;
        }
        return 0;
}

/* list, remove NAME, edit NAME, show-recipe NAME: ARGV[0] is the verb */
static int parse_verb(int argc, char *const *argv, CreatorArgs *a, char **ret_error) {
        static const struct {
                const char *verb;
                Command command;
                bool takes_name;
        } verbs[] = {
                {"list", COMMAND_LIST, false},
                {"remove", COMMAND_REMOVE, true},
                {"edit", COMMAND_EDIT, true},
                {"show-recipe", COMMAND_SHOW_RECIPE, true},
                {"rebuild", COMMAND_REBUILD, true},
                {"gc", COMMAND_GC, false},
                {"store", COMMAND_STORE, false},
        };
        size_t i;

        for (i = 0; i < ELEMENTSOF(verbs) && !streq(verbs[i].verb, argv[0]); i++)
                ;
        if (i >= ELEMENTSOF(verbs))
                return fail(ret_error, "unknown command '%s'; " USAGE, argv[0]);
        if (argc != (verbs[i].takes_name ? 2 : 1))
                return fail(ret_error, "%s takes %s", argv[0],
                        verbs[i].takes_name ? "one NAME" : "no arguments");
        if (verbs[i].takes_name && !machine_name_is_valid(argv[1]))
                return fail(ret_error, "'%s' is not a valid app name", argv[1]);
        if ((a->purge || a->yes) && verbs[i].command != COMMAND_REMOVE)
                return fail(ret_error, "--purge and --yes go with remove");
        if (a->max_age_days >= 0 && verbs[i].command != COMMAND_GC)
                return fail(ret_error, "--max-age goes with gc");
        if (a->store_size && verbs[i].command != COMMAND_STORE)
                return fail(ret_error, "--size goes with store");
        a->command = verbs[i].command;
        return verbs[i].takes_name ? set_string(&a->name, argv[1]) : 0;
}

static int parse_positional(int argc, char *const *argv, CreatorArgs *a, char **ret_error) {
        const char *dir_base;
        int i = optind, r;

        if (i >= argc)
                return fail(ret_error, "missing command; " USAGE);
        if (!streq(argv[i], "create"))
                return parse_verb(argc - i, argv + i, a, ret_error);
        if (argc - i < 3)
                return fail(ret_error, "create needs DISTRO and DIR; " USAGE);

        a->distro = distro_find(argv[i + 1]);
        if (!a->distro)
                return fail(ret_error, "unknown distro '%s'; known: %s", argv[i + 1], distro_names());
        if (a->distro->family == DISTRO_UBUNTU && !a->ubuntu_mirror)
                return fail(ret_error,
                        "Ubuntu '%s' needs --ubuntu-mirror URL (Debian mirrors do not carry Ubuntu)",
                        a->distro->name);

        r = make_absolute(argv[i + 2], &a->directory);
        if (r < 0)
                return r;
        if (!directory_is_ok(a->directory))
                return fail(ret_error, "DIR must be a normalized path other than /, got '%s'", argv[i + 2]);

        for (int k = i + 3; k < argc; k++) {
                char *deb;
                size_t l = strlen(argv[k]);

                if (l < 5 || !streq(argv[k] + l - 4, ".deb"))
                        return fail(ret_error, "'%s' is not a .deb file name", argv[k]);
                r = make_absolute(argv[k], &deb);
                if (r < 0)
                        return r;
                r = strv_push(&a->debs, deb);
                if (r < 0)
                        return r;
        }

        dir_base = path_basename(a->directory);
        if (!a->name && set_string(&a->name, dir_base) < 0)
                return -ENOMEM;
        if (!machine_name_is_valid(a->name))
                return fail(ret_error,
                        "'%s' is not a valid container name (letters, digits, '-', '_' and '.', at most "
                        "64 characters)%s",
                        a->name, streq(a->name, dir_base) ? "; pass --name" : "");
        return 0;
}

static int fill_defaults(CreatorArgs *a, char **ret_error) {
        _cleanup_strv_free_ char **run = NULL;

        if (!a->run && set_string(&a->run, a->name) < 0)
                return -ENOMEM;
        /* --nested: newuidmap and newgidmap, which get their file capabilities at configure */
        if (a->nested && !strv_contains(a->packages, "uidmap") && strv_extend(&a->packages, "uidmap") < 0)
                return -ENOMEM;
        /* --locale: localedef's locale sources come with the locales package */
        if (a->locales && !strv_contains(a->packages, "locales") && strv_extend(&a->packages, "locales") < 0)
                return -ENOMEM;
        if (split_command_line(a->run, &run) < 0)
                return fail(ret_error, "--run has an unbalanced quote: %s", a->run);
        if (!run[0])
                return fail(ret_error, "--run must name a command");
        if (!a->variant && set_string(&a->variant, "minbase") < 0)
                return -ENOMEM;
        if (!a->cache_dir && set_string(&a->cache_dir, CACHE_DIR) < 0)
                return -ENOMEM;
        if (!a->window_manager && set_string(&a->window_manager, "") < 0)
                return -ENOMEM;
        /* the host's fonts and themes are what a gui app looks wrong without */
        if (!a->host_look_set)
                a->host_look = a->gui || a->gui_private;
        return 0;
}

int creator_args_parse(int argc, char *const *argv, CreatorArgs *ret, char **ret_error) {
        _cleanup_(creator_args_done) CreatorArgs a;
        int r;

        creator_args_init(&a);
        *ret_error = NULL;

        r = parse_options(argc, argv, &a, ret_error);
        if (r < 0)
                return r;
        if (a.command != COMMAND_HELP && a.command != COMMAND_VERSION) {
                r = parse_positional(argc, argv, &a, ret_error);
                if (r < 0)
                        return r;
        }
        if (a.command == COMMAND_CREATE) {
                if (a.purge || a.yes)
                        return fail(ret_error, "--purge and --yes go with remove");
                if (a.max_age_days >= 0)
                        return fail(ret_error, "--max-age goes with gc");
                if (a.store_size)
                        return fail(ret_error, "--size goes with store");
                r = fill_defaults(&a, ret_error);
                if (r < 0)
                        return r;
        }
        *ret = a;
        creator_args_init(&a);
        return 0;
}

const char *creator_args_mirror(const CreatorArgs *a, const char *host_mirror) {
        if (a->distro && a->distro->family == DISTRO_UBUNTU)
                return a->ubuntu_mirror;
        return a->mirror ?: host_mirror;
}

/* CACHE_DIR and APPCTL_PATH depend on how it was built: parameters, so the golden test is stable. */
void creator_help(FILE *f, const char *program, const char *cache_dir, const char *appctl) {
        fprintf(f,
                "Usage: %1$s create [OPTIONS] DISTRO DIR [DEB...]\n"
                "       %1$s list [--script-dir DIR]\n"
                "       %1$s remove [--purge] [--yes] [--script-dir DIR] NAME\n"
                "       %1$s edit [--script-dir DIR] NAME\n"
                "       %1$s show-recipe [--script-dir DIR] NAME\n"
                "       %1$s rebuild [--script-dir DIR] NAME\n"
                "       %1$s gc [--dry-run] [--max-age DAYS] [--cache-dir DIR]\n"
                "       %1$s store [--dry-run] [--size SIZE]\n"
                "       %1$s --help | --version\n"
                "\n"
                "Creates an app container: a Debian or Ubuntu root file system in DIR (from a\n"
                "cached debootstrap base, plus PACKAGES and the given .deb files with their\n"
                "dependencies), a user with your name and uid inside it, and a launcher NAME with\n"
                "its NAME.conf in the script dir. Run it as root (sudo); --dry-run needs no root.\n"
                "\n"
                "DISTRO: bookworm, trixie, bullseye, sid, stable, testing, unstable (Debian);\n"
                "        focal, jammy, noble (Ubuntu, needs --ubuntu-mirror)\n"
                "\n"
                "What to install:\n"
                "  --packages A,B         Also install these packages (repeatable)\n"
                "  --mirror URL           Debian mirror (default: the host's apt mirror)\n"
                "  --ubuntu-mirror URL    Mirror for the Ubuntu suites\n"
                "  --variant VARIANT      debootstrap variant: minbase (default), buildd\n"
                "  --arch ARCH            Architecture (default: the host's)\n"
                "\n"
                "Who and where:\n"
                "  --name NAME            Container and launcher name (default: DIR's basename)\n"
                "  --script-dir DIR       Where the launcher goes (default: ~/.local/bin)\n"
                "  --user NAME            User inside (default: the user who ran sudo)\n"
                "  --uid N, --gid N       Its uid and gid (default: as on the host)\n"
                "  --run CMD              Command the launcher runs (default: NAME)\n"
                "\n"
                "What the app gets (written to NAME.conf, editable later):\n"
                "  --gui                  The X11 display\n"
                "  --gui-private          A nested X server window of its own\n"
                "  --window-manager WM    Window manager in the nested window\n"
                "  --3d, --mesa           The GPU (/dev/dri)\n"
                "  --sound                The PulseAudio socket\n"
                "  --webcam               The video devices\n"
                "  --dbus filtered        Your D-Bus session bus through a filter: notifications,\n"
                "                         tray, screen saver, portals, and the --dbus-talk names\n"
                "  --dbus-talk NAME       A bus name the app may call (repeatable; NAME.* for all\n"
                "                         below NAME); --dbus-own NAME: one it may own\n"
                "  --dbus, --dbus full    Your whole session bus: the app can run any command on\n"
                "                         the host through it (no sandbox left)\n"
                "  --bind SPEC            downloads, documents, gitconfig, steam, cache or\n"
                "                         SRC[:DST[:ro|rw]] (repeatable)\n"
                "  --network MODE         off (default), on, nat, separate\n"
                "  --allow SPEC           With --network nat: where the app may connect,\n"
                "                         [tcp:|udp:]HOST[:PORT], HOST an address, a network or a\n"
                "                         host name; all else dropped (repeatable)\n"
                "  --ephemeral            Discard changes when the container stops\n"
                "  --userns               The app may make user namespaces: its own sandbox\n"
                "                         (Chromium, Chrome, Electron, Firefox)\n"
                "  --nested               Rootless containers (podman) inside: newuidmap works\n"
                "                         (implies --userns)\n"
                "  --wayland              Your Wayland compositor (apps prefer it to X11)\n"
                "  --pipewire             Your PipeWire socket (sound and video, capture too)\n"
                "  --cups                 The host's printers (the CUPS socket)\n"
                "  --privilege HOW        auto (default), sudo, pkexec\n"
                "  --desktop              A desktop entry in ~/.local/share/applications, with the\n"
                "                         name and icon of the app's own (NAME ++desktop later)\n"
                "  --host-look            The host's fonts, icon themes, GTK/Qt settings, time\n"
                "                         zone and HiDPI scale, read-only (default with --gui)\n"
                "  --no-host-look         None of that\n"
                "  --nvidia               The host's NVIDIA driver libraries and /dev/nvidia*\n"
                "  --locale NAME          Generate this UTF-8 locale inside (de_DE.UTF-8;\n"
                "                         repeatable); installs locales\n"
                "  --memory-max SIZE      Memory limit: 512M, 2G, 50%% of the host's\n"
                "  --cpu-weight N         CPU share, 1..10000 (100: as everyone)\n"
                "  --cpu-quota P%%         CPU time: 50%% of one CPU, 200%% of two\n"
                "  --tasks-max N          Processes and threads: a number or a percentage\n"
                "  --io-weight N          Disk share, 1..10000 (100: as everyone)\n"
                "\n"
                "How:\n"
                "  --cache-dir DIR        Base cache: cores, layers, archives (default: %2$s)\n"
                "  --no-cache             Debootstrap straight into DIR; neither use nor fill the\n"
                "                         cache\n"
                "  --appctl PATH          The launcher binary to link (default: %3$s)\n"
                "  --keep-failed          Keep what a failed create made, for inspection\n"
                "  --dry-run              Print the commands and files, change nothing\n"
                "  -v, --verbose          Show the output of debootstrap and apt\n"
                "  -q, --quiet            Only errors\n"
                "  -h, --help             Show this help\n"
                "  --version              Show the version\n"
                "\n"
                "\n"
                "The other commands, on the app containers in the script dir:\n"
                "  list                   Name, distro, state, instances, size and directory of each\n"
                "  remove NAME            Stop it, remove its launcher, NAME.conf, NAME.recipe and\n"
                "                         desktop entry; asks first on a terminal (--yes: don't)\n"
                "    --purge              ... and its root file system\n"
                "  edit NAME              Edit NAME.conf in $VISUAL/$EDITOR as its user; a broken\n"
                "                         file is never kept\n"
                "  show-recipe NAME       Print every input NAME was created from\n"
                "  rebuild NAME           Make NAME's root file system again from NAME.recipe and\n"
                "                         swap it in (NAME stopped)\n"
                "  gc                     Remove the cached cores and layers no root file system\n"
                "                         was made from, and the cached .deb files they don't\n"
                "                         have installed; prints what it frees (--dry-run: only\n"
                "                         that)\n"
                "    --max-age DAYS       ... and the cached .deb files older than DAYS\n"
                "  store                  On a file system whose copies cost a full copy (ext4):\n"
                "                         put the app containers and the cache on an XFS file\n"
                "                         system in a sparse image file, mounted at every boot,\n"
                "                         so that apps share the blocks of their cached base\n"
                "    --size SIZE          Its largest size: 64G, or a percentage of the free\n"
                "                         space (default: 50%%)\n"
                "\n"
                "See make-app-container(1) and appctl(1).\n",
                program, cache_dir, appctl);
}
