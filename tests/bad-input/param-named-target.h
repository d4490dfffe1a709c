int co_wrapper bdrv_foo(BlockDriverState *bs, int bdrv_co_foo);
