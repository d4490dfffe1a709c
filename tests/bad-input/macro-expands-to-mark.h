#define MY_WRAPPER co_wrapper
#define MY_MIXED co_wrapper_mixed
int MY_WRAPPER bdrv_foo(BlockDriverState *bs);
