in\
t co_wrapper bdrv_foo(BlockDriverState *bs);
