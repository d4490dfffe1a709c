int co_wrapper bdrv_fÿoo(BlockDriverState *bs);
