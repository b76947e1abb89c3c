/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "verbs.h"

int main(int argc, char *argv[]) {
        return creator_main(argc, argv);
}
