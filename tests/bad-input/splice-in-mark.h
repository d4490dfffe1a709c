int co_wra\
pper_mixed bdrv_foo(BlockDriverState *bs);
