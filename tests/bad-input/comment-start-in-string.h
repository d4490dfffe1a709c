static const char *a = "/*";
int co_wrapper bdrv_foo(BlockDriverState *bs);
static const char *b = "*/";
