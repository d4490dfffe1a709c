int co_wrapper bdrv_foo(BlockDriverState *bs, uint8_t buf<:16:>);
