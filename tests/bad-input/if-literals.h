#if 0x0
int co_wrapper bdrv_a(BlockDriverState *bs);
#endif
#if 0L
int co_wrapper bdrv_b(BlockDriverState *bs);
#endif
#if !1
int co_wrapper bdrv_c(BlockDriverState *bs);
#endif
#if (!(1)) /* c */
int co_wrapper bdrv_d(BlockDriverState *bs);
#endif
int co_wrapper bdrv_live(BlockDriverState *bs);
