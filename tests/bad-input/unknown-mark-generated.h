int generated_co_wrapper_mixed bdrv_foo(BlockDriverState *bs);
