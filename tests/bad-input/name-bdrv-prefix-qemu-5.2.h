int generated_co_wrapper blk_foo(BlockDriverState *bs);
