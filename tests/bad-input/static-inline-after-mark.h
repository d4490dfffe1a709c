int co_wrapper static inline bdrv_foo(BlockDriverState *bs);
