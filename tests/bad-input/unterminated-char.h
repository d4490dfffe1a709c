static const char c = 'x;
int co_wrapper bdrv_foo(BlockDriverState *bs);
