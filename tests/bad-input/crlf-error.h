/* CRLF */
int co_wrapper bdrv_ok(BlockDriverState *bs);

int co_wrapper
bdrv_bad(BlockDriverState *s);
