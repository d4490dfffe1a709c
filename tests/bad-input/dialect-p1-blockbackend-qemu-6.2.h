int generated_co_wrapper bdrv_foo(BlockBackend*blk, int64_t off);
