int no_co_wrapper_bdrv_nolock bdrv_co_foo(BlockDriverState *bs);
