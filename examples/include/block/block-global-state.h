/*
 * Example header for cowrap, in the style of QEMU's include/block/block-global-state.h
 * (written for cowrap, not taken from QEMU). These wrappers go the other way: a coroutine
 * calls `bdrv_co_X`, and the generated code runs the main-loop function `bdrv_X` in a bottom
 * half, optionally under the graph's read lock (_bdrv_rdlock) or write lock (_bdrv_wrlock).
 */
#ifndef EXAMPLE_BLOCK_GLOBAL_STATE_H
#define EXAMPLE_BLOCK_GLOBAL_STATE_H

#include "block/block-common.h"

BlockDriverState * coroutine_fn no_co_wrapper
bdrv_co_open_image(const char *filename, QDict *options, int flags, Error **errp);

void coroutine_fn no_co_wrapper bdrv_co_release(BlockDriverState *bs);

int coroutine_fn no_co_wrapper_bdrv_rdlock
bdrv_co_refresh_limits(BlockDriverState *bs, Error **errp);

int coroutine_fn no_co_wrapper_bdrv_wrlock
bdrv_co_attach_child(BlockDriverState *parent, BlockDriverState *child_bs,
                     const char *child_name, Error **errp);

void coroutine_fn no_co_wrapper_bdrv_wrlock bdrv_co_detach_child(BdrvChild *child);

#endif /* EXAMPLE_BLOCK_GLOBAL_STATE_H */
