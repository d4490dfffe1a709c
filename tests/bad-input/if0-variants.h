#if 0
int co_wrapper bdrv_a(BlockDriverState *bs);
#if 1
int co_wrapper bdrv_b(BlockDriverState *bs);
#endif
int co_wrapper bdrv_c(BlockDriverState *bs);
#else
int co_wrapper bdrv_live(BlockDriverState *bs);
#endif
  #  if (0) /* spaced */
int co_wrapper bdrv_d(BlockDriverState *bs);
#elif 1
int co_wrapper bdrv_live2(BlockDriverState *bs);
#endif
