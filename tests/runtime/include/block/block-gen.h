/*
 * cowrap's stand-in for QEMU's block/block-gen.h: the polling state of a co wrapper.
 * Up to qemu-6.2 it names a BlockDriverState and carries the int result; from qemu-8.0 on
 * it names an AioContext and the result lives in the wrapper's own struct.
 */
#ifndef COWRAP_RT_BLOCK_GEN_H
#define COWRAP_RT_BLOCK_GEN_H

#include "qemu/osdep.h"

#if COWRAP_QEMU_VERSION < 800
typedef struct BdrvPollCo {
    BlockDriverState *bs;
    bool in_progress;
    int ret;
    Coroutine *co;
} BdrvPollCo;

int bdrv_poll_co(BdrvPollCo *s);
#else
typedef struct BdrvPollCo {
    AioContext *ctx;
    bool in_progress;
    Coroutine *co;
} BdrvPollCo;

void bdrv_poll_co(BdrvPollCo *s);
#endif

#endif
