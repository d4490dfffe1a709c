#if 1
int co_wrapper bdrv_foo(BlockDriverState *bs);
#else
int co_wrapper bdrv_foo(BlockDriverState *bs, int x);
#endif
#if 1
#elif 1
int co_wrapper bdrv_foo(BlockDriverState *bs, int y);
#endif
