int co_wrapper bdrv_foo(BlockDriverState *co_wrapper);
