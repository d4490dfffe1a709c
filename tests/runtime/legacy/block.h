/* Runtime test header, qemu-5.2 .. 6.2: the legacy mark with each P1 type of those releases. */
#ifndef RT_LEGACY_BLOCK_H
#define RT_LEGACY_BLOCK_H

int generated_co_wrapper bdrv_pwritev(BdrvChild *child, int64_t offset, unsigned int bytes,
                                      const char *data, BdrvRequestFlags flags);
int coroutine_fn bdrv_co_pwritev(BdrvChild *child, int64_t offset, unsigned int bytes,
                                 const char *data, BdrvRequestFlags flags);

/* P1 named other than QEMU's script assumed ("bs"): cowrap uses the real name. */
int generated_co_wrapper bdrv_check(BlockDriverState *top, int *errors, int fix);
int coroutine_fn bdrv_co_check(BlockDriverState *top, int *errors, int fix);

#endif
