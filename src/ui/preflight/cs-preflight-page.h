/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cs-session.h"

G_BEGIN_DECLS

/*
 * Preflight: the checks of cs-preflight.h for the connected cluster, one row
 * per check (the cluster's, then one per connector) with its state, its
 * result as a sentence and a fix button where the core has a fix. The checks
 * run after connecting and on "preflight.run" (Run Again, Ctrl+R). A fix goes
 * through the flow the other pages use (the trusted-list append of Cluster
 * Settings, the connector update), after showing the request, then the
 * checks run again. Follows the session through one GSignalGroup.
 *
 * "n-problems" (guint, notified): the rows in the problem state, for the
 * badge of the page's sidebar entry.
 */
#define CS_TYPE_PREFLIGHT_PAGE (cs_preflight_page_get_type ())

G_DECLARE_FINAL_TYPE (CsPreflightPage, cs_preflight_page, CS, PREFLIGHT_PAGE, AdwBin)

CsSession *cs_preflight_page_get_session    (CsPreflightPage *self);
void       cs_preflight_page_set_session    (CsPreflightPage *self,
                                             CsSession       *session);
guint      cs_preflight_page_get_n_problems (CsPreflightPage *self);
/* Runs the checks (again); does nothing while not connected. */
void       cs_preflight_page_run            (CsPreflightPage *self);

G_END_DECLS
