int generated_co_wrapper bdrv_foo(AioContext *ctx);
