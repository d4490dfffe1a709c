int co_wrapper bdrv__foo(BlockDriverState *bs);
