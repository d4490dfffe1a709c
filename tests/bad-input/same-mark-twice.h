int co_wrapper coroutine_fn co_wrapper bdrv_foo(BlockDriverState *bs);
