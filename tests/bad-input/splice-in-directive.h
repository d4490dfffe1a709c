#i\
f 0
int co_wrapper bdrv_dead(BlockDriverState *bs);
#endif
int co_wrapper bdrv_live(BlockDriverState *bs);
