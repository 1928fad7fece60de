/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cs-error"

#include "config.h"

#include "cs-error.h"

G_DEFINE_QUARK (cs-error-quark, cs_error)
