/*
 * Golden input for qemu-8.2 and later: the no_co marks that take the graph lock, in the
 * style of QEMU's include/block/block-global-state.h.
 */
#ifndef GOLDEN_MODERN_BLOCK_GLOBAL_STATE_H
#define GOLDEN_MODERN_BLOCK_GLOBAL_STATE_H

int no_co_wrapper_bdrv_rdlock bdrv_co_refresh_total_sectors_x(BlockDriverState *bs,
                                                              int64_t hint);

void no_co_wrapper_bdrv_wrlock bdrv_co_unref_child_x(BlockDriverState *parent,
                                                     BdrvChild *child);

int no_co_wrapper_bdrv_wrlock bdrv_co_replace_node_x(BlockDriverState *from,
                                                     BlockDriverState *to, Error **errp);

BlockDriverState * coroutine_fn no_co_wrapper_bdrv_rdlock
bdrv_co_find_node_x(BlockBackend *blk, const char *name);

#endif
