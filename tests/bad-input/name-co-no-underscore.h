int co_wrapper foo(BlockDriverState *bs);
