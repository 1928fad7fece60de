/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One ML Commons task (`GET /_plugins/_ml/tasks/<task_id>`). The body has no
 * `task_id`, so it is given apart; `worker_node` is an array of node ids.
 */
#define CS_TYPE_TASK_INFO (cs_task_info_get_type ())

G_DECLARE_FINAL_TYPE (CsTaskInfo, cs_task_info, CS, TASK_INFO, GObject)

CsTaskInfo         *cs_task_info_new_from_json        (const char  *task_id,
                                                       JsonObject  *body,
                                                       GError     **error);

const char         *cs_task_info_get_id               (CsTaskInfo  *self);
/* NULL until the task has one */
const char         *cs_task_info_get_model_id         (CsTaskInfo  *self);
/* "REGISTER_MODEL", "DEPLOY_MODEL", …; NULL when absent */
const char         *cs_task_info_get_task_type        (CsTaskInfo  *self);
/* "CREATED", "RUNNING", "COMPLETED", "FAILED", …; "" when absent */
const char         *cs_task_info_get_state            (CsTaskInfo  *self);
/* The cluster's own error text, verbatim; NULL when none */
const char         *cs_task_info_get_error            (CsTaskInfo  *self);
/* NULL-terminated, never NULL */
const char * const *cs_task_info_get_worker_nodes     (CsTaskInfo  *self);
gint64              cs_task_info_get_create_time      (CsTaskInfo  *self);
gint64              cs_task_info_get_last_update_time (CsTaskInfo  *self);
/* COMPLETED, FAILED, CANCELLED, COMPLETED_WITH_ERROR, EXPIRED */
gboolean            cs_task_info_is_done              (CsTaskInfo  *self);
/* FAILED or COMPLETED_WITH_ERROR */
gboolean            cs_task_info_is_failed            (CsTaskInfo  *self);

G_END_DECLS
