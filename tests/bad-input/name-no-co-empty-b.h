int no_co_wrapper bdrv_co_(BlockDriverState *bs);
