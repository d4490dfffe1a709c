int coroutine_fn QEMU_WARN_UNUSED_RESULT GRAPH_RDLOCK co_wrapper_mixed_bdrv_rdlock
bdrv_foo(BlockDriverState*bs) __attribute__((nonnull(1)));
BlockDriverState*co_wrapper bdrv_get(BdrvChild*child);
