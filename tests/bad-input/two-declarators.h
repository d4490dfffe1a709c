int co_wrapper bdrv_foo(BlockDriverState *bs), bdrv_bar(BlockDriverState *bs);
