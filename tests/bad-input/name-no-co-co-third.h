int no_co_wrapper bdrv_x_co_foo(BlockDriverState *bs);
