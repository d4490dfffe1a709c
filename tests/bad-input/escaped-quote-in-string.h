static const char *s = "\" int co_wrapper bdrv_bar(BlockDriverState *bs); \"";
int co_wrapper bdrv_foo(BlockDriverState *bs);
