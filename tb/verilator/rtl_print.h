/*
 * Where the Verilator runtime prints (rtl/rtl.mk builds it with
 * -DVL_PRINTF=rtl_vl_printf and this header forced in): every message of
 * the Verilated RTL ($display, an assertion's "%Error: ... Assertion failed
 * in ...") goes through rtl_vl_printf (tb/verilator/rtl.cpp), which prints
 * it on stdout as Verilator would and lets the harness that is evaluating
 * catch a failed assertion (rtl.h, rtl_assertion_failed).
 */
#ifndef MM_RTL_PRINT_H
#define MM_RTL_PRINT_H

#ifdef __cplusplus
extern "C" {
#endif
int rtl_vl_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
#ifdef __cplusplus
}
#endif

#endif
