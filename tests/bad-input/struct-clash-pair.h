int co_wrapper bdrv_foo_bar(BlockDriverState *bs);
int co_wrapper bdrv_fooBar(BlockDriverState *bs);
