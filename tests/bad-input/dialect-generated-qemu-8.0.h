int generated_co_wrapper bdrv_foo(BlockDriverState *bs);
