int co_wrapper bdrv_foo(BlockDriverState *bs, register int x);
