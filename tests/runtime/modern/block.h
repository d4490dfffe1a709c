/* Runtime test header, qemu-8.0 and later: each co mark, no_co_wrapper, varied R and P1. */
#ifndef RT_MODERN_BLOCK_H
#define RT_MODERN_BLOCK_H

int co_wrapper bdrv_pread(BdrvChild *child, int64_t offset, int64_t bytes, void *buf,
                          BdrvRequestFlags flags);
int coroutine_fn bdrv_co_pread(BdrvChild *child, int64_t offset, int64_t bytes, void *buf,
                               BdrvRequestFlags flags);

/* P1 named "top", not "bs": the context must still come from it. */
int64_t co_wrapper_mixed bdrv_getlength(BlockDriverState *top);
int64_t coroutine_fn bdrv_co_getlength(BlockDriverState *top);

void co_wrapper_bdrv_rdlock blk_drain_node(BlockBackend *blk, bool flush);
void coroutine_fn blk_co_drain_node(BlockBackend *blk, bool flush);

BlockDriverState *co_wrapper_mixed_bdrv_rdlock
bdrv_find_node(const char *node_name, int *count);
BlockDriverState *coroutine_fn bdrv_co_find_node(const char *node_name, int *count);

int co_wrapper bdrv_flush_all(void);
int coroutine_fn bdrv_co_flush_all(void);

int co_wrapper bdrv_visit(BlockDriverState *bs, void (*cb)(void *opaque, int n), void *opaque,
                          const uint8_t key[4]);
int coroutine_fn bdrv_co_visit(BlockDriverState *bs, void (*cb)(void *opaque, int n),
                               void *opaque, const uint8_t key[4]);

BlockDriverState *coroutine_fn no_co_wrapper bdrv_co_open(const char *filename, QDict *options,
                                                         int flags);
BlockDriverState *bdrv_open(const char *filename, QDict *options, int flags);

void no_co_wrapper bdrv_co_unref_child(BdrvChild *kid, BlockDriverState *parent);
void bdrv_unref_child(BdrvChild *kid, BlockDriverState *parent);

#endif
