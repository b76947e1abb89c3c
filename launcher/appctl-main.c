/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/prctl.h>

#include "appctl.h"
#include "invocation.h"
#include "log.h"
#include "path-util.h"

/* APPCTL_MAIN_PATH: the rest of appctl, executed by the front (front.h) with the launcher's own
 * arguments when a launch is not a warm one. */
int main(int argc, char *argv[]) {
        /* an exec through an fd names the process after the fd: ps and pgrep -x show the app's
         * launcher name again, as before the exec */
        if (argc > 0)
                (void) prctl(PR_SET_NAME, path_basename(argv[0]), 0, 0, 0);
        if (invocation_take_front_exe() < 0)
                return log_oom(), 1;
        return appctl_main(argc, argv);
}
