int no_co_wrapper bdrv_co_foo(BlockDriverState *s);
