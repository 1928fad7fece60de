/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-error.h"
#include "cs-fuzz.h"
#include "cs-predict.h"

/* Error envelopes: byte 0 picks the status, byte 1 the content type, the
 * rest is the body (cs_error_from_response, cs_error_parse_success_body,
 * cs_predict_explain_body, cs_error_redact_body). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 200, 201,
                                    302, 0, 418, 599 };
  static const char * const types[] = { "application/json", "application/json; charset=UTF-8",
                                        "text/html", "text/plain", NULL };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) explained = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  guint status;
  const char *type;

  cs_fuzz_init ();
  if (size < 2)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  type = types[data[1] % G_N_ELEMENTS (types)];
  body = g_bytes_new (data + 2, size - 2);

  if (cs_error_from_response (status, type, body, &error))
    parsed = cs_error_parse_success_body (status, type, body, NULL);
  else
    {
      if (error == NULL || error->message == NULL)
        cs_fuzz_fail ("status %u failed without an error", status);
      if (!g_utf8_validate (error->message, -1, NULL))
        cs_fuzz_fail ("error text is not UTF-8");
      parsed = cs_error_parse_success_body (200, "application/json", body, NULL);
    }

  if (parsed != NULL)
    {
      g_autoptr(JsonNode) redacted = cs_error_redact_body (parsed);

      (void) redacted;

      explained = cs_predict_explain_body (status, parsed, NULL);
    }
  return 0;
}
