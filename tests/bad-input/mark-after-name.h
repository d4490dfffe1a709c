int bdrv_foo co_wrapper(BlockDriverState *bs);
