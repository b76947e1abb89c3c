/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "macro.h"

/* ++show and ++dry-run: every privileged step, D-Bus call and its duration is printed to stderr;
 * with ++dry-run the step is not taken. */
typedef enum ShowMode {
        SHOW_OFF,
        SHOW_ON,
        SHOW_DRY_RUN,
} ShowMode;

void show_set_mode(ShowMode m);
ShowMode show_get_mode(void);
static inline bool show_dry_run(void) {
        return show_get_mode() == SHOW_DRY_RUN;
}

typedef struct Step {
        uint64_t start_usec;
        bool active;
} Step;

/* Prints "> what" when showing; returns true when the step is to be taken (false under ++dry-run). */
bool step_begin(Step *s, const char *format, ...) _printf_(2, 3);
/* Prints "< done in N ms" (or the error) for a step that was begun while showing. */
void step_end(Step *s, int r);
/* A line of information under ++show/++dry-run, e.g. a computed argv. */
void show_note(const char *format, ...) _printf_(1, 2);
/* Prints an argv, shell-quoted, as a note. */
void show_argv(const char *prefix, char *const *argv);

uint64_t now_usec(void);
