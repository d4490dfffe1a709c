int co_wrapper bdrv_foo(BlockDriverState *bs, int qemu_in_coroutine);
