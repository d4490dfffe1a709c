int co_wrapper bdrv_foo(BlockDriverState *bs, const char *fmt, ...);
