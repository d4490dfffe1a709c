int no_co_wrapper bdrv_co_foo__bar(BlockDriverState *bs);
