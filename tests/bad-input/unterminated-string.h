static const char *msg = "no end
int co_wrapper bdrv_foo(BlockDriverState *bs);
