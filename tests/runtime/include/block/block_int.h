/*
 * cowrap's stand-in for QEMU's block/block_int.h: AioContexts, bottom halves and the graph
 * lock, each declared only in the dialects whose generated code may call it.
 */
#ifndef COWRAP_RT_BLOCK_INT_H
#define COWRAP_RT_BLOCK_INT_H

#include "qemu/osdep.h"

void aio_wait_kick(void);
BlockDriverState *blk_bs(BlockBackend *blk);

#if COWRAP_QEMU_VERSION >= 800
AioContext *qemu_get_aio_context(void);
AioContext *bdrv_get_aio_context(BlockDriverState *bs);
AioContext *blk_get_aio_context(BlockBackend *blk);
void aio_co_wake(Coroutine *co);
void aio_bh_schedule_oneshot(AioContext *ctx, QEMUBHFunc *cb, void *opaque);

void bdrv_graph_co_rdlock(void);
void bdrv_graph_co_rdunlock(void);
void assume_graph_lock(void);
#endif

#if COWRAP_QEMU_VERSION >= 801 && COWRAP_QEMU_VERSION < 900
void aio_context_acquire(AioContext *ctx);
void aio_context_release(AioContext *ctx);
#endif

#if COWRAP_QEMU_VERSION >= 802
void bdrv_graph_rdlock_main_loop(void);
void bdrv_graph_rdunlock_main_loop(void);
#endif

#if COWRAP_QEMU_VERSION == 802
/* qemu-8.2 passed the node whose AioContext to drop; the wrappers pass NULL. */
void bdrv_graph_wrlock(BlockDriverState *bs);
void bdrv_graph_wrunlock(BlockDriverState *bs);
#elif COWRAP_QEMU_VERSION >= 900
void bdrv_graph_wrlock(void);
void bdrv_graph_wrunlock(void);
#endif

#if COWRAP_QEMU_VERSION >= 900
AioContext *qemu_get_current_aio_context(void);
#endif

#endif
