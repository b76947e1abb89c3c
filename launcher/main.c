/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "appctl.h"

int main(int argc, char *argv[]) {
        return appctl_main(argc, argv);
}
