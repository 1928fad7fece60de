/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cs-version.h"

static void
test_parse (void)
{
  CsVersion v;

  g_assert_true (cs_version_parse ("2.19.1", &v));
  g_assert_cmpuint (v.major, ==, 2);
  g_assert_cmpuint (v.minor, ==, 19);
  g_assert_cmpuint (v.patch, ==, 1);

  g_assert_true (cs_version_parse ("2.19.1.0", &v));
  g_assert_cmpuint (v.patch, ==, 1);

  g_assert_true (cs_version_parse ("3.0.0-SNAPSHOT", &v));
  g_assert_cmpuint (v.major, ==, 3);

  g_assert_true (cs_version_parse ("2.11", &v));
  g_assert_cmpuint (v.patch, ==, 0);
}

static void
test_parse_refused (void)
{
  const char *bad[] = { "", "2", "2.", "a.b", "2.x.1", "2.19.1 ", "99999.1", NULL };
  CsVersion v;

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (cs_version_parse (bad[i], &v));
  g_assert_false (cs_version_parse (NULL, &v));
}

static void
test_compare (void)
{
  CsVersion a, b;

  g_assert_true (cs_version_parse ("2.9.0", &a));
  g_assert_true (cs_version_parse ("2.11.0", &b));
  g_assert_cmpint (cs_version_compare (&a, &b), <, 0);
  g_assert_cmpint (cs_version_compare (&b, &a), >, 0);
  g_assert_cmpint (cs_version_compare (&a, &a), ==, 0);
  g_assert_true (cs_version_at_least (&b, 2, 11));
  g_assert_false (cs_version_at_least (&a, 2, 11));
}

static void
test_to_string (void)
{
  CsVersion v = { 2, 19, 1 };
  g_autofree char *s = cs_version_to_string (&v);

  g_assert_cmpstr (s, ==, "2.19.1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/version/parse", test_parse);
  g_test_add_func ("/version/parse-refused", test_parse_refused);
  g_test_add_func ("/version/compare", test_compare);
  g_test_add_func ("/version/to-string", test_to_string);

  return g_test_run ();
}
