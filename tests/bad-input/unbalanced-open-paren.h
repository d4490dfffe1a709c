int co_wrapper bdrv_foo(BlockDriverState *bs;
int co_wrapper bdrv_bar(BlockDriverState *bs);
