int co_wrapper bdrv_ok(BlockDriverState *bs);
/* never closed
int co_wrapper bdrv_hidden(BlockDriverState *bs);
