int coroutine_fn co_wrapper_bogus bdrv_foo(BlockDriverState *bs);
