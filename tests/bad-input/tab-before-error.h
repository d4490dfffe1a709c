		int	co_wrapper_bogus bdrv_foo(BlockDriverState *bs);
