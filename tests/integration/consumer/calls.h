/* The wrappers main.c calls, declared here so that main.c includes none of the marked
 * headers: then only the shard of an edited header is rebuilt. */
#ifndef CONSUMER_CALLS_H
#define CONSUMER_CALLS_H

#include "rt.h"

int bdrv_a_read(BlockDriverState *bs, int n);
int bdrv_a_write(BlockDriverState *bs, int n);
void bdrv_a_flush(BlockDriverState *bs);
int bdrv_b_read(BlockDriverState *bs, int n);
int bdrv_co_b_sync(BlockDriverState *bs, int n);
int64_t bdrv_misc_size(BlockDriverState *bs);

#endif
