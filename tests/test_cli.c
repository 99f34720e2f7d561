/*
 * The command line's one number parser (tb/cli/cli.h): decimal, or hex
 * after 0x, a leading zero never octal; anything else refused with a message.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>

#include "tb/cli/cli.h"

typedef struct number_case {
  char arg[24]; /* inline: Criterion passes parameters to another process */
  bool ok;
  uint64_t value;
} number_case;

static number_case cases[] = {
    {"0", true, 0},
    {"7", true, 7},
    {"010", true, 10},
    {"09", true, 9},
    {"0x10", true, 16},
    {"0X1f", true, 31},
    {"1000", true, 1000},
    {"18446744073709551615", true, UINT64_MAX},
    {"", false, 0},
    {"-1", false, 0},
    {"+1", false, 0},
    {" 1", false, 0},
    {"1 ", false, 0},
    {"1e3", false, 0},
    {"0x", false, 0},
    {"0xg", false, 0},
    {"abc", false, 0},
    {"0b101", false, 0},
    {"18446744073709551616", false, 0},
};

ParameterizedTestParameters(cli, number) {
  return cr_make_param_array(number_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(number_case *c, cli, number) {
  uint64_t v = 12345;
  bool ok = cli_number("test", "--n", c->arg, 0, UINT64_MAX, &v);
  cr_assert_eq(ok, c->ok, "'%s': %s", c->arg, ok ? "taken" : "refused");
  if (ok) cr_assert_eq(v, c->value, "'%s': %" PRIu64 ", want %" PRIu64, c->arg, v, c->value);
}

Test(cli, number_out_of_range_is_refused) {
  uint64_t v;
  cr_assert(cli_number("test", "--harts", "4", 1, 4, &v));
  cr_assert(!cli_number("test", "--harts", "5", 1, 4, &v));
  cr_assert(!cli_number("test", "--harts", "0", 1, 4, &v));
}
