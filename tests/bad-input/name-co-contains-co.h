int co_wrapper_mixed bdrv_co_foo(BlockDriverState *bs);
