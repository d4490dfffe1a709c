int no_co_wrapper bdrv_foo(BlockDriverState *bs);
