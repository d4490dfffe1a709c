/* Runtime test header, qemu-6.2 only: a BlockBackend as the first parameter. */
#ifndef RT_LEGACY_BLOCK_BACKEND_H
#define RT_LEGACY_BLOCK_BACKEND_H

int generated_co_wrapper blk_pwrite(BlockBackend *blk, int64_t offset, int bytes,
                                    const void *buf, BdrvRequestFlags flags);
int coroutine_fn blk_co_pwrite(BlockBackend *blk, int64_t offset, int bytes, const void *buf,
                               BdrvRequestFlags flags);

#endif
