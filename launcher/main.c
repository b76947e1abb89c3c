/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "front.h"

int main(int argc, char *argv[]) {
        int status;

        /* a warm launch needs none of the privileged half's libraries (front.h) */
        if (front_warm_launch(argc, argv, &status) >= 0)
                return status;
        return front_exec_appctl(argc, argv);
}
