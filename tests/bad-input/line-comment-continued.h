// a comment that ends in a backslash \
int co_wrapper bdrv_hidden(BlockDriverState *bs);
int co_wrapper bdrv_foo(BlockDriverState *bs);
