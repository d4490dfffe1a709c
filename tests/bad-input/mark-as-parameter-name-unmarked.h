int bdrv_plain(BlockDriverState *co_wrapper_mixed);
