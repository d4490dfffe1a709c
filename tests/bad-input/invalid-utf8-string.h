static const char *s = "À¯ÿ";
int co_wrapper bdrv_foo(BlockDriverState *bs);
