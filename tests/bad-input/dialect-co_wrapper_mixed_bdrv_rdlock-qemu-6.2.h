int co_wrapper_mixed_bdrv_rdlock bdrv_foo(BlockDriverState *bs);
