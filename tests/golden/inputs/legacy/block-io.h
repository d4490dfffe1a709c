/*
 * Golden input for the legacy dialects (qemu-5.2, qemu-6.1, qemu-6.2), written for cowrap's
 * tests in the style of QEMU's block headers of those releases. Every declaration here has
 * the one-line form QEMU's script recognises, so its output can be compared with cowrap's.
 */
#ifndef GOLDEN_LEGACY_BLOCK_IO_H
#define GOLDEN_LEGACY_BLOCK_IO_H

#include "block/block-common.h"

int generated_co_wrapper bdrv_pread_part(BdrvChild *child, int64_t offset,
                                         int64_t bytes, QEMUIOVector *qiov,
                                         size_t qiov_offset, BdrvRequestFlags flags);
int generated_co_wrapper bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset,
                                            int64_t bytes, BdrvRequestFlags flags);
int generated_co_wrapper bdrv_flush(BlockDriverState *bs);
int generated_co_wrapper bdrv_truncate(BdrvChild *child, int64_t offset, bool exact,
                                       PreallocMode prealloc, BdrvRequestFlags flags,
                                       Error **errp);
int generated_co_wrapper bdrv_check(BlockDriverState *bs, BdrvCheckResult *res,
                                    BdrvCheckMode fix);
int generated_co_wrapper bdrv_invalidate_cache(BlockDriverState *bs, Error **errp);
int generated_co_wrapper bdrv_readv_vmstate(BlockDriverState *bs, QEMUIOVector *qiov,
                                            int64_t pos);

/* Not marked: ordinary prototypes are left alone. */
int coroutine_fn bdrv_co_flush(BlockDriverState *bs);
int bdrv_flush_all(void);

#endif
