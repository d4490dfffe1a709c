int co_wrapper_bdrv_rdlock bdrv_foo(BlockDriverState *bs);
