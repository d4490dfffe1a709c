int no_co_wrapper_bdrv_rdlock bdrv_co_foo(BlockDriverState *bs);
