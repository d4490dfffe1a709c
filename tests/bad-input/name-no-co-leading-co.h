int no_co_wrapper co_foo(BlockDriverState *bs);
