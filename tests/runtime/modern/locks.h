/* Runtime test header, qemu-8.2 and later: the no_co marks that take the graph lock. */
#ifndef RT_MODERN_LOCKS_H
#define RT_MODERN_LOCKS_H

int no_co_wrapper_bdrv_rdlock bdrv_co_refresh_total_sectors(BlockDriverState *bs, int64_t hint);
int bdrv_refresh_total_sectors(BlockDriverState *bs, int64_t hint);

void no_co_wrapper_bdrv_wrlock bdrv_co_replace_node(BlockBackend *blk, BlockDriverState *to);
void bdrv_replace_node(BlockBackend *blk, BlockDriverState *to);

#endif
