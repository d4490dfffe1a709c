static const char q = '"';
int co_wrapper bdrv_foo(BlockDriverState *bs);
static const char r = '\'';
