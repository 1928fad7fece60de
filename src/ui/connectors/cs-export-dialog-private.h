/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cs-export-dialog.h"
#include "cs-export.h"

G_BEGIN_DECLS

/* For tests. */
/* TRUE once the connector was read and the forms are shown (or it failed). */
gboolean    cs_export_dialog_is_loaded   (CsExportDialog *self);
/* The text shown for a form; NULL before it is loaded. */
char       *cs_export_dialog_dup_text    (CsExportDialog *self,
                                          CsExportFormat  format);
void        cs_export_dialog_show_format (CsExportDialog *self,
                                          CsExportFormat  format);
const char *cs_export_dialog_get_notice  (CsExportDialog *self);
/* What Save… proposes, and what it does once a file is chosen (a toast says when done). */
char       *cs_export_dialog_dup_file_name (CsExportDialog *self);
void        cs_export_dialog_save_to     (CsExportDialog *self,
                                          GFile          *file);

G_END_DECLS
