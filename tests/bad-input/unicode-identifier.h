int co_wrapper bdrv_föö(BlockDriverState *bs);
