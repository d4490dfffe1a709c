/*
 * The test side of cowrap's stand-in QEMU runtime: the call log, coroutine simulation and
 * checks. Test programs include this after the stand-in headers.
 */
#ifndef COWRAP_RT_H
#define COWRAP_RT_H

#include "block/block-gen.h"
#include "block/block_int.h"
#include "block/coroutines.h"
#include "qemu/osdep.h"

extern AioContext rt_main_ctx;     /* qemu_get_aio_context() */
extern AioContext rt_current_ctx;  /* qemu_get_current_aio_context() */

void rt_log_reset(void);
const char *rt_log_text(void);

/* "co=1 rd=0 wr=0 ctx=NAME": what a target sees when it runs. */
const char *rt_state(void);

/* Runs fn(arg) as if inside a coroutine (for mixed and no_co wrappers). */
void rt_in_coroutine(void (*fn)(void *arg), void *arg);

/* Compare the log with `expected`; report and count a mismatch under the name `what`. */
void rt_expect_log(const char *what, const char *expected);
void rt_expect_int(const char *what, long long actual, long long expected);
void rt_expect_ptr(const char *what, const void *actual, const void *expected);

/* Process exit status: 0 when every expectation held. */
int rt_finish(void);

#endif
