/*
 * Stand-in for the parts of QEMU's runtime that generated wrappers use: enough
 * to compile (not link or run) the benchmark's generated code. Declarations only.
 */
#ifndef BENCH_RUNTIME_H
#define BENCH_RUNTIME_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Annotations and marks, as in QEMU's include/block/block-common.h. */
#define coroutine_fn
#define no_coroutine_fn
#define coroutine_mixed_fn
#define GRAPH_RDLOCK
#define GRAPH_WRLOCK
#define GRAPH_UNLOCKED
#define co_wrapper                     no_coroutine_fn
#define co_wrapper_mixed               no_coroutine_fn coroutine_mixed_fn
#define co_wrapper_bdrv_rdlock         no_coroutine_fn
#define co_wrapper_mixed_bdrv_rdlock   no_coroutine_fn coroutine_mixed_fn
#define no_co_wrapper
#define no_co_wrapper_bdrv_rdlock
#define no_co_wrapper_bdrv_wrlock
#define generated_co_wrapper           no_coroutine_fn coroutine_mixed_fn

typedef struct AioContext AioContext;
typedef struct Coroutine Coroutine;
typedef struct BlockDriverState BlockDriverState;
typedef struct BdrvChild BdrvChild;
typedef struct BlockBackend BlockBackend;
typedef struct BlockDriver BlockDriver;
typedef struct BlockDriverInfo BlockDriverInfo;
typedef struct QEMUIOVector QEMUIOVector;
typedef struct Error Error;
typedef struct QDict QDict;
typedef struct Job Job;
typedef enum { BDRV_REQ_NONE = 0, BDRV_REQ_FUA = 0x10 } BdrvRequestFlags;
typedef enum { PREALLOC_MODE_OFF, PREALLOC_MODE_FULL } PreallocMode;

typedef struct BdrvPollCo {
    AioContext *ctx;        /* qemu-8.0 on */
    BlockDriverState *bs;   /* before qemu-8.0 */
    bool in_progress;
    int ret;                /* before qemu-8.0 */
    Coroutine *co;
} BdrvPollCo;

typedef void coroutine_fn CoroutineEntry(void *opaque);
typedef void QEMUBHFunc(void *opaque);

int bdrv_poll_co(BdrvPollCo *s);
bool qemu_in_coroutine(void);
Coroutine *qemu_coroutine_create(CoroutineEntry *entry, void *opaque);
Coroutine *qemu_coroutine_self(void);
void qemu_coroutine_yield(void);
AioContext *qemu_get_current_aio_context(void);
AioContext *qemu_get_aio_context(void);
AioContext *bdrv_get_aio_context(BlockDriverState *bs);
AioContext *blk_get_aio_context(BlockBackend *blk);
BlockDriverState *blk_bs(BlockBackend *blk);
void aio_context_acquire(AioContext *ctx);
void aio_context_release(AioContext *ctx);
void aio_wait_kick(void);
void aio_co_wake(Coroutine *co);
void aio_bh_schedule_oneshot(AioContext *ctx, QEMUBHFunc *cb, void *opaque);
void bdrv_graph_co_rdlock(void);
void bdrv_graph_co_rdunlock(void);
void bdrv_graph_rdlock_main_loop(void);
void bdrv_graph_rdunlock_main_loop(void);
void assume_graph_lock(void);
void bdrv_graph_wrlock(void);
void bdrv_graph_wrunlock(void);

#endif
