/* Backend "b". */
#ifndef CONSUMER_B_IO_H
#define CONSUMER_B_IO_H

#include "qemu/osdep.h"

int co_wrapper bdrv_b_read(BlockDriverState *bs, int n);
int coroutine_fn no_co_wrapper bdrv_co_b_sync(BlockDriverState *bs, int n);

#endif
