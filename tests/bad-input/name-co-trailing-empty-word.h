int co_wrapper bdrv_foo_(BlockDriverState *bs);
