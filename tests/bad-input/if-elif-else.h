#if 0
int co_wrapper bdrv_a(BlockDriverState *bs);
#elif 0
int co_wrapper bdrv_b(BlockDriverState *bs);
#else
int co_wrapper bdrv_live(BlockDriverState *bs);
#endif
