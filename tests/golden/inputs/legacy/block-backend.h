/*
 * Golden input for qemu-6.2 only: wrappers whose first parameter is a BlockBackend, which
 * qemu-6.1 and older cannot wrap.
 */
#ifndef GOLDEN_LEGACY_BLOCK_BACKEND_H
#define GOLDEN_LEGACY_BLOCK_BACKEND_H

int generated_co_wrapper blk_do_preadv(BlockBackend *blk, int64_t offset, int64_t bytes,
                                       QEMUIOVector *qiov, BdrvRequestFlags flags);
int generated_co_wrapper blk_do_ioctl(BlockBackend *blk, unsigned long int req, void *buf);
int generated_co_wrapper blk_do_flush(BlockBackend *blk);

#endif
