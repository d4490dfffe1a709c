int co_wrapper bdrv_foo(BlockDriverState *, int64_t offset);
