int co_wrapper bdrv_foo(BlockDriverState *bs);

int co_wrapper_mixed bdrv_foo(BdrvChild *c);
