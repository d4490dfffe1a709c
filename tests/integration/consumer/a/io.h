/* Backend "a". Shares its file name with b/io.h: the two shards must not collide. */
#ifndef CONSUMER_A_IO_H
#define CONSUMER_A_IO_H

#include "qemu/osdep.h"

int co_wrapper bdrv_a_read(BlockDriverState *bs, int n);
int co_wrapper_mixed bdrv_a_write(BlockDriverState *bs, int n);
void co_wrapper_bdrv_rdlock bdrv_a_flush(BlockDriverState *bs);
/* The tests delete the next declaration; nothing calls its wrapper. */
int co_wrapper bdrv_a_spare(BlockDriverState *bs);

#endif
