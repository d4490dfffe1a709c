#if 0
int co_wrapper bdrv_dead(BlockDriverState *bs);
#end\
if
int co_wrapper bdrv_live(BlockDriverState *bs);
