int co_wrapper_bdrv_wrlock bdrv_foo(BlockDriverState *bs);
