int co_wrapper bdrv_foo(BlockDri\
verState *bs, int co_wrapperx);
