void no_co_wrapper_bdrv_wrlock bdrv_co_foo(BlockDriverState *bs, Coroutine *co);
