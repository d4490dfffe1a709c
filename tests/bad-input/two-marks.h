int co_wrapper co_wrapper_mixed bdrv_foo(BlockDriverState *bs);
