int co_wrapper foo_(BlockDriverState *bs);
