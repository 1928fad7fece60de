/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the fuzz targets. Each target defines LLVMFuzzerTestOneInput;
 * it is linked either with libFuzzer (build-aux/fuzz, clang) or with
 * fuzz-replay-main.c, which replays a corpus (the fuzz-replay test suite).
 *
 * A finding is a crash, a sanitizer report or a broken property, which a
 * target reports with cs_fuzz_fail() (abort). Log messages are dropped:
 * they would slow the fuzzer down and are not findings on their own.
 */

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Drops log output below G_LOG_LEVEL_ERROR; call once per input (cheap). */
void      cs_fuzz_init           (void);

/* The input as a NUL-terminated string (a copy). */
char     *cs_fuzz_string         (const uint8_t *data,
                                  size_t         size);

/* Parses text as the client parses a 2xx answer (cs_error_parse_success_body);
 * NULL when it is not JSON. */
JsonNode *cs_fuzz_parse          (const char    *text,
                                  gsize          length);

/* Splits data at the first NUL byte: *rest (may be NULL) gets what follows. */
char     *cs_fuzz_split          (const uint8_t *data,
                                  size_t         size,
                                  char         **rest);

G_NORETURN
void      cs_fuzz_fail           (const char    *format,
                                  ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
