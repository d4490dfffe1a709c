/*
 * Example header for cowrap, in the style of QEMU's include/block/block-io.h (written for
 * cowrap, not taken from QEMU). Each marked prototype asks cowrap to generate a wrapper:
 *
 *   co_wrapper            call the coroutine_fn bdrv_co_X from outside a coroutine
 *   co_wrapper_mixed      ... or from inside one (then it is a direct call)
 *   *_bdrv_rdlock         ... holding the block graph's read lock around the call
 *
 * The target of `bdrv_X` is `bdrv_co_X`, declared below as an ordinary coroutine_fn.
 */
#ifndef EXAMPLE_BLOCK_IO_H
#define EXAMPLE_BLOCK_IO_H

#include "block/block-common.h"

/* Reads and writes. */
int co_wrapper_mixed_bdrv_rdlock
bdrv_pread_vec(BdrvChild *child, int64_t offset, int64_t bytes, QEMUIOVector *qiov,
               BdrvRequestFlags flags);
int coroutine_fn GRAPH_RDLOCK
bdrv_co_pread_vec(BdrvChild *child, int64_t offset, int64_t bytes, QEMUIOVector *qiov,
                  BdrvRequestFlags flags);

int co_wrapper_mixed_bdrv_rdlock bdrv_pwrite_sync(BdrvChild *child, int64_t offset,
                                                  int64_t bytes, const void *buf,
                                                  BdrvRequestFlags flags);

/* Sizes and state. */
int64_t co_wrapper_bdrv_rdlock bdrv_allocated_size(BlockDriverState *bs);
bool co_wrapper_bdrv_rdlock bdrv_has_media(BlockDriverState *bs);
int co_wrapper_mixed bdrv_flush_node(BlockDriverState *bs);

/* Whole-device operations through a BlockBackend. */
int co_wrapper blk_discard_range(BlockBackend *blk, int64_t offset, int64_t bytes);
void co_wrapper blk_wait_idle(BlockBackend *blk);

/* A node looked up by name: no BlockDriverState to take a context from. */
BlockDriverState *co_wrapper_mixed
bdrv_lookup_node(const char *node_name, Error **errp);

/* A status query with out parameters and a callback. */
int co_wrapper_mixed_bdrv_rdlock
bdrv_block_status_cb(BlockDriverState *bs, int64_t offset, int64_t bytes, int64_t *pnum,
                     void (*progress)(void *opaque, int64_t done), void *opaque);

#endif /* EXAMPLE_BLOCK_IO_H */
