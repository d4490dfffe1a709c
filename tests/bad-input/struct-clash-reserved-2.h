int co_wrapper block_driver_state(BlockDriverState *bs);
