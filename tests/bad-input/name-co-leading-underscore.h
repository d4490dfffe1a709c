int co_wrapper _foo(BlockDriverState *bs);
