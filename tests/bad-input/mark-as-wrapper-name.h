int co_wrapper co_wrapper_mixed(BlockDriverState *bs);
