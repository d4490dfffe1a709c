#define X co_wrapper_bogus
#pragma co_wrapper_nope
int co_wrapper bdrv_foo(BlockDriverState *bs);
