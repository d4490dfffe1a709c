/* CRLF */
int coroutine_fn
co_wrapper_mixed
bdrv_foo(BlockDriverState *bs,
         int64_t offset);
int co_wrapper bdrv_bar(BdrvChild *child);
