/*
 * Golden input for qemu-8.0 and later, written for cowrap's tests in the style of QEMU's
 * include/block/block-io.h. Every declaration here has the one-line form QEMU's script
 * recognises, with the first parameter named bs/child/blk as QEMU 8.0's script assumed, so
 * the output can be compared with the script's.
 */
#ifndef GOLDEN_MODERN_BLOCK_IO_H
#define GOLDEN_MODERN_BLOCK_IO_H

#include "block/block-common.h"

int co_wrapper_mixed_bdrv_rdlock
bdrv_preadv_part_x(BdrvChild *child, int64_t offset, int64_t bytes,
                   QEMUIOVector *qiov, size_t qiov_offset, BdrvRequestFlags flags);

int co_wrapper_mixed_bdrv_rdlock bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset,
                                                    int64_t bytes, BdrvRequestFlags flags);

int64_t co_wrapper_mixed_bdrv_rdlock bdrv_getlength(BlockDriverState *bs);

int64_t co_wrapper bdrv_nb_sectors(BlockDriverState *bs);

int co_wrapper_bdrv_rdlock bdrv_flush(BlockDriverState *bs);

void co_wrapper_mixed bdrv_drain_node(BlockDriverState *bs, bool recursive);

bool co_wrapper_bdrv_rdlock bdrv_is_inserted(BlockDriverState *bs);

BlockDriverState * co_wrapper_mixed bdrv_find_by_name(const char *node_name, Error **errp);

int co_wrapper blk_pread_x(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf,
                           BdrvRequestFlags flags);

void co_wrapper_mixed blk_eject_x(BlockBackend *blk, bool eject_flag);

int coroutine_fn no_co_wrapper bdrv_co_snapshot_load(BlockDriverState *bs,
                                                     const char *snapshot_id, Error **errp);

BlockDriverState * coroutine_fn no_co_wrapper
bdrv_co_open_x(const char *filename, const char *reference, QDict *options, int flags,
               Error **errp);

void coroutine_fn no_co_wrapper bdrv_co_unref_x(BlockDriverState *bs);

/* Not marked: ordinary prototypes are left alone. */
int coroutine_fn bdrv_co_flush(BlockDriverState *bs);

#endif
