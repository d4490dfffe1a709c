int co_wrapper bdrv_foo(BlockDriverState *bs, int v[*]);
