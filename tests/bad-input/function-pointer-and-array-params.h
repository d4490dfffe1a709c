int co_wrapper bdrv_foo(BlockDriverState *bs, void (*cb)(void *opaque, int ret), uint8_t buf[16], int m[3][4]);
