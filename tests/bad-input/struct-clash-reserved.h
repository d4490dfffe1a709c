int co_wrapper bdrv_poll_co(BlockDriverState *bs);
