/* The stand-in runtime's block/coroutines.h includes "wrappers.h" for the functions that the
 * generated code calls. This consumer declares its coroutine_fn targets here instead of
 * including its marked headers, so a shard includes no marked header: editing one rebuilds
 * its shard only when the generated code changes. */
#ifndef CONSUMER_WRAPPERS_H
#define CONSUMER_WRAPPERS_H

int coroutine_fn bdrv_co_a_read(BlockDriverState *bs, int n);
int coroutine_fn bdrv_co_a_write(BlockDriverState *bs, int n);
void coroutine_fn bdrv_co_a_flush(BlockDriverState *bs);
int coroutine_fn bdrv_co_a_spare(BlockDriverState *bs);
int coroutine_fn bdrv_co_b_read(BlockDriverState *bs, int n);
int bdrv_b_sync(BlockDriverState *bs, int n);
int64_t coroutine_fn bdrv_co_misc_size(BlockDriverState *bs);
/* For d/new.h, the header the tests add. */
int coroutine_fn bdrv_co_d_new(BlockDriverState *bs);

#endif
